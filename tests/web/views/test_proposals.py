from advisor import proposal as proposal_mod
from advisor.errors import InputError

from ..conftest import EXAMPLE

GOOD = EXAMPLE.read_bytes()


def _upload(client_request, content, name="proposal.yaml", status=302, team="none"):
    return client_request.post("main.upload_proposal", {"team": team}, _files={"file": (name, content)},
                               _expected_status=status)


def test_upload_stores_the_file_exactly_and_shows_the_proposal(client_request, store):
    client_request.login("alice")
    page = _upload(client_request, GOOD)
    location = page.response.headers["Location"]
    public_id = location.rsplit("/", 1)[1]
    assert store.proposal(public_id)["yaml"].encode() == GOOD
    page = client_request.get_url(location)
    assert page.h1() == store.proposal(public_id)["title"]
    assert "Proposal uploaded" in page.plain


def test_upload_errors_are_the_clis_words_with_file_line_and_key(client_request):
    client_request.login("alice")
    bad = b"title: x\nservice:\n  catgory: audit\n"
    page = _upload(client_request, bad, "bad.yaml", status=400)
    try:
        proposal_mod.load_text(bad, None, "bad.yaml")
    except InputError as exc:
        expected = str(exc)
    assert page.error_summary() == [expected]
    assert expected.startswith("bad.yaml:3: service.catgory: unknown key")
    assert page.xpath("//div[contains(@class,'govuk-error-summary')]//a/@href") == ["#file"]
    assert page.text_of("//p[@id='file-error']") == f"Error: {expected}"
    assert page.title().startswith("Error: Upload a proposal file")


def test_several_problems_are_listed_one_each(client_request):
    client_request.login("alice")
    bad = b"service:\n  catgory: audit\nrisk:\n  registr: true\n"
    page = _upload(client_request, bad, "two.yaml", status=400)
    summary = page.error_summary()
    assert len(summary) == 2 and summary[0].startswith("two.yaml:2:") and summary[1].startswith("two.yaml:4:")


def test_upload_with_no_file_or_the_wrong_kind(client_request):
    client_request.login("alice")
    page = client_request.post("main.upload_proposal", {"team": "none"}, _expected_status=400)
    assert page.error_summary() == ["Select a proposal file"]
    page = _upload(client_request, b"%PDF-1.4", "proposal.pdf", status=400)
    assert page.error_summary() == ["The selected file must be a YAML file (.yaml or .yml)"]


def test_hostile_yaml_is_refused_with_one_line(client_request):
    client_request.login("alice")
    page = _upload(client_request, b"a: &a [*a, *a]\nb: !!python/object/apply:os.system ['true']\n",
                   "evil.yaml", status=400)
    assert len(page.error_summary()) == 1 and page.error_summary()[0].startswith("evil.yaml")


def test_upload_into_one_of_my_teams_only(client_request, store):
    client_request.login("alice")
    north = str(store.team_by_name("North Herts")["id"])
    stevenage = str(store.team_by_name("Stevenage")["id"])
    page = _upload(client_request, GOOD, team=stevenage, status=400)
    assert page.error_summary() == ["Select a team, or no team"]
    page = _upload(client_request, GOOD, team=north)
    public_id = page.response.headers["Location"].rsplit("/", 1)[1]
    assert store.proposal(public_id)["team_id"] == int(north)


def test_proposal_page_has_change_links_and_a_task_list_of_sections(client_request, add_proposal):
    proposal = add_proposal("alice")
    client_request.login("alice")
    page = client_request.get("main.show_proposal", proposal_id=proposal["public_id"])
    changes = page.xpath("//dl[contains(@class,'govuk-summary-list')]//a")
    assert [" ".join(a.text_content().split()) for a in changes] == [
        "Change the name", "Change the team", "Upload a new version of the proposal file",
        "Change who can see it"]
    tasks = page.xpath("//ul[contains(@class,'govuk-task-list')]/li")
    assert len(tasks) >= 10
    statuses = {" ".join(t.xpath("string(.//strong)").split()) for t in tasks}
    assert statuses <= {"Completed", "In progress", "Not started"}


def test_change_the_name_with_a_question_page(client_request, store, add_proposal):
    proposal = add_proposal("alice")
    client_request.login("alice")
    page = client_request.get("main.change_title", proposal_id=proposal["public_id"])
    assert page.h1() == "What is the proposal called?"
    assert page.xpath("//a[contains(@class,'govuk-back-link')]/@href") == [f"/proposals/{proposal['public_id']}"]
    assert page.xpath("//details//summary//text()[normalize-space()]")[0].strip() == "Why we ask this"
    page = client_request.post("main.change_title", {"title": "  "}, proposal_id=proposal["public_id"],
                               _expected_status=400)
    assert page.error_summary() == ["Enter the proposal's name"]
    assert page.text_of("//p[@id='title-error']") == "Error: Enter the proposal's name"
    client_request.post("main.change_title", {"title": "Shared audit"}, proposal_id=proposal["public_id"])
    assert store.proposal(proposal["public_id"])["title"] == "Shared audit"


def test_change_team_and_no_team(client_request, store, add_proposal):
    proposal = add_proposal("alice")
    north = store.team_by_name("North Herts")["id"]
    client_request.login("alice")
    client_request.post("main.change_team", {"team": str(north)}, proposal_id=proposal["public_id"])
    assert store.proposal(proposal["public_id"])["team_id"] == north
    client_request.post("main.change_team", {"team": "none"}, proposal_id=proposal["public_id"])
    assert store.proposal(proposal["public_id"])["team_id"] is None
    page = client_request.post("main.change_team", {}, proposal_id=proposal["public_id"], _expected_status=400)
    assert page.error_summary() == ["Select a team, or no team"]


def test_a_new_version_replaces_the_text_and_a_bad_one_changes_nothing(client_request, store, add_proposal):
    proposal = add_proposal("alice")
    client_request.login("alice")
    client_request.post("main.replace_proposal", _files={"file": ("v2.yaml", b"title: Version two\n")},
                        proposal_id=proposal["public_id"])
    assert store.proposal(proposal["public_id"])["yaml"] == "title: Version two\n"
    client_request.post("main.replace_proposal", _files={"file": ("v3.yaml", b"title: [\n")},
                        proposal_id=proposal["public_id"], _expected_status=400)
    assert store.proposal(proposal["public_id"])["yaml"] == "title: Version two\n"


def test_delete_asks_first(client_request, store, add_proposal):
    proposal = add_proposal("alice")
    client_request.login("alice")
    page = client_request.get("main.delete_proposal", proposal_id=proposal["public_id"])
    assert page.h1().startswith("Are you sure you want to delete")
    client_request.post("main.delete_proposal", proposal_id=proposal["public_id"], _expected_redirect="/proposals")
    assert store.proposal(proposal["public_id"]) is None


def test_a_stored_proposal_that_no_longer_loads_shows_its_problem_not_a_500(client_request, store, add_proposal):
    proposal = add_proposal("alice", text="service:\n  catgory: audit\n")
    client_request.login("alice")
    page = client_request.get("main.show_proposal", proposal_id=proposal["public_id"])
    assert page.error_summary()[0].endswith("service.catgory: unknown key (did you mean 'category'?)")
    page = client_request.get("main.advice_page", proposal_id=proposal["public_id"], _expected_status=422)
    assert page.h1() == "This proposal has a problem"
