def test_admin_adds_a_user_who_can_then_sign_in(client_request, store):
    client_request.login("ada")
    client_request.post("main.add_user", {"name": "dave", "role": "auditor", "password": "a long enough password"},
                        _expected_redirect="/users")
    assert store.user_by_name("dave")["role"] == "auditor"
    client_request.login("dave", "a long enough password")


def test_add_user_errors(client_request, store):
    client_request.login("ada")
    page = client_request.post("main.add_user", {"name": "", "role": "", "password": ""}, _expected_status=400)
    assert page.error_summary() == ["Enter a user name", "Select a role", "Enter a password"]
    page = client_request.post("main.add_user", {"name": "eve", "role": "officer", "password": "short"},
                               _expected_status=400)
    assert page.error_summary() == ["Password must be at least 12 characters long"]
    page = client_request.post("main.add_user", {"name": "ALICE", "role": "officer", "password": "x" * 12},
                               _expected_status=400)
    assert page.error_summary() == ["There is already a user called ALICE"]


def test_admin_makes_a_team_and_adds_and_removes_members(client_request, store):
    client_request.login("ada")
    page = client_request.post("main.add_team", {"name": "Hertfordshire audit"})
    team = store.team_by_name("Hertfordshire audit")
    assert page.response.headers["Location"] == f"/teams/{team['id']}/members"
    client_request.post("main.team_members", {"name": "bob"}, team_id=team["id"])
    assert [m["name"] for m in store.members(team["id"])] == ["bob"]
    page = client_request.post("main.team_members", {"name": "nobody"}, team_id=team["id"], _expected_status=400)
    assert page.error_summary() == ["There is no user with that name"]
    client_request.post("main.remove_member", team_id=team["id"], user_id=store.user_by_name("bob")["id"])
    assert store.members(team["id"]) == []
