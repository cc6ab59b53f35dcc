def test_owner_shares_as_reader_then_editor_then_removes(client_request, store, add_proposal):
    proposal = add_proposal("alice")
    client_request.login("alice")
    client_request.post("main.sharing", {"name": "bob", "access": "reader"}, proposal_id=proposal["public_id"])
    bob = store.user_by_name("bob")["id"]
    assert store.access(proposal["id"], bob) == "reader"
    client_request.post("main.sharing", {"name": "bob", "access": "editor"}, proposal_id=proposal["public_id"])
    assert store.access(proposal["id"], bob) == "editor"
    page = client_request.get("main.sharing", proposal_id=proposal["public_id"])
    assert "Read and change" in page.plain
    client_request.post("main.stop_sharing", proposal_id=proposal["public_id"], user_id=bob)
    assert store.access(proposal["id"], bob) is None


def test_sharing_errors(client_request, store, add_proposal):
    proposal = add_proposal("alice")
    client_request.login("alice")
    page = client_request.post("main.sharing", {"name": "", "access": ""}, proposal_id=proposal["public_id"],
                               _expected_status=400)
    assert page.error_summary() == ["Enter your colleague's user name", "Select what your colleague can do"]
    page = client_request.post("main.sharing", {"name": "nobody", "access": "reader"},
                               proposal_id=proposal["public_id"], _expected_status=400)
    assert page.error_summary() == ["There is no user with that name. Check it with your colleague"]
    page = client_request.post("main.sharing", {"name": "bob", "access": "owner"},
                               proposal_id=proposal["public_id"], _expected_status=400)
    assert page.error_summary() == ["Select what your colleague can do"]
    assert store.shares(proposal["id"]) == []
