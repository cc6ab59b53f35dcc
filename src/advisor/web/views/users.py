"""Administration: admins add users and teams and put people in teams. `advisor users` does the same
from the server's terminal (commands/users.py); both go through storage and auth, nothing else."""

from flask import abort, flash, redirect, render_template, url_for

from .. import auth
from ..auth import storage, user_has_role
from ..errors import form_page, sentence
from ..forms import AddTeamForm, AddUserForm, ConfirmForm, MemberForm
from ..storage import StorageError
from . import confirmed_removal, main


@main.route("/users")
@user_has_role("admin")
def list_users():
    store = storage()
    users = store.users()
    for u in users:
        u["teams"] = [t["name"] for t in store.teams_of(u["id"])]
    return render_template("views/users/list.html", users=users, teams=store.teams())


@main.route("/users/add", methods=["GET", "POST"])
@user_has_role("admin")
def add_user():
    form = AddUserForm()
    if form.validate_on_submit():
        problem = auth.password_problem(form.password.data)
        if problem:
            form.password.errors.append(problem)
        else:
            try:
                storage().add_user(form.name.data, form.role.data, auth.hash_password(form.password.data))
            except StorageError as exc:
                form.name.errors.append(sentence(exc))
            else:
                flash(f"User added: {form.name.data}")
                return redirect(url_for("main.list_users"))
    return form_page("views/users/add.html", form)


@main.route("/teams/add", methods=["GET", "POST"])
@user_has_role("admin")
def add_team():
    form = AddTeamForm()
    if form.validate_on_submit():
        try:
            team_id = storage().add_team(form.name.data)
        except StorageError as exc:
            form.name.errors.append(sentence(exc))
        else:
            flash(f"Team added: {form.name.data}")
            return redirect(url_for("main.team_members", team_id=team_id))
    return form_page("views/users/add-team.html", form)


@main.route("/teams/<int:team_id>/members", methods=["GET", "POST"])
@user_has_role("admin")
def team_members(team_id):
    store = storage()
    team = store.team(team_id)
    if team is None:
        abort(404)
    form = MemberForm()
    if form.validate_on_submit():
        user = store.user_by_name(form.name.data)
        if user is None:
            form.name.errors.append("There is no user with that name")
        else:
            store.add_member(team_id, user["id"])
            flash(f"{user['name']} added to {team['name']}")
            return redirect(url_for("main.team_members", team_id=team_id))
    return form_page("views/users/team-members.html", form, team=team, members=store.members(team_id),
                     remove_form=ConfirmForm())


@main.route("/teams/<int:team_id>/members/<int:user_id>/remove", methods=["POST"])
@user_has_role("admin")
def remove_member(team_id, user_id):
    store = storage()
    return confirmed_removal(store.team(team_id) is not None and store.is_member(team_id, user_id),
                             lambda: store.remove_member(team_id, user_id),
                             "Removed from the team", "main.team_members", team_id=team_id)
