from advisor import portfolio

from ..conftest import EXAMPLE


def test_team_portfolio_has_the_same_rows_as_advisor_audit_dir(client_request, store, add_proposal, kb):
    add_proposal("alice", team="North Herts", title="First")
    add_proposal("carol", team="North Herts", title="Second", text="title: Second\n")
    client_request.login("alice")
    page = client_request.get("main.team_portfolio", team_id=store.team_by_name("North Herts")["id"])
    rows = page.xpath("//table//tbody/tr")
    assert [r.xpath("string(./th)").strip() for r in rows] == ["First", "Second"]
    cli = portfolio.build(kb, [str(EXAMPLE)], "high")["proposals"][0]
    first = [" ".join(c.text_content().split()) for c in rows[0].xpath("./td")]
    assert first[1] == str(cli["findings"]) and first[2] == str(cli["totals"]["missing"])


def test_teams_list_shows_my_teams(client_request):
    client_request.login("alice")
    page = client_request.get("main.list_teams")
    assert [a.text_content().strip() for a in page.xpath("//main//li/a")] == ["North Herts portfolio"]
