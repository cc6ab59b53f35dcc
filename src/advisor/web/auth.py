"""Who is signed in, what they may do, and sign-in throttling.

Passwords are hashed with scrypt through werkzeug.security (a vetted scheme with a random salt per
password). The session cookie holds only the user's id and the hash's tail, so changing a password
signs that user out everywhere.

Access to a proposal (anything else gets 404, so a guessed URL learns nothing):
  owner     the person who created it: reads, edits, shares, deletes
  editor    a colleague the owner added as an editor: reads, edits
  reader    a colleague the owner added as a reader, or a member of the proposal's team: reads
  auditors  with read access also add and remove waivers
Admins manage users and teams; being an admin gives no access to anybody's proposals.
"""

import functools
import time

from flask import abort, current_app, g, redirect, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

# Methods werkzeug offers that we accept when checking; new hashes always use scrypt.
HASH_METHOD = "scrypt"
# Compared against when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password", method=HASH_METHOD)


def hash_password(password):
    return generate_password_hash(password, method=HASH_METHOD)


def password_problem(password):
    """A sentence saying what is wrong with a new password, or None."""
    if len(password) < 12:
        return "Password must be at least 12 characters long"
    if len(password) > 256:
        return "Password must be 256 characters or fewer"
    return None


def storage():
    return current_app.extensions["advisor.storage"]


def _fingerprint(user):
    return (user["password_hash"] or "sso")[-12:]


def load_user():
    """Set g.user from the trusted proxy header (when configured) or the session cookie."""
    g.user = None
    header = current_app.config.get("TRUSTED_HEADER")
    if header:
        name = (request.headers.get(header) or "").strip()
        if name:
            user = storage().user_by_name(name)
            g.user = user if user and not user["disabled"] else None
            return
    user_id = session.get("user_id")
    if user_id is None:
        return
    user = storage().user(user_id)
    if user is None or user["disabled"] or session.get("fp") != _fingerprint(user):
        session.clear()
        return
    g.user = user


def sign_in(user):
    session.clear()  # a fresh session: nothing from before sign-in carries over (fixation)
    session.permanent = True
    session["user_id"] = user["id"]
    session["fp"] = _fingerprint(user)


def sign_out():
    session.clear()


class Throttled(Exception):
    def __init__(self, minutes):
        super().__init__(minutes)
        self.minutes = minutes


def _keys(name):
    return [(f"user:{name.strip().lower()}", 1), (f"ip:{request.remote_addr or 'unknown'}",
                                                  current_app.config["LOGIN_IP_FACTOR"])]


def check_credentials(name, password):
    """The user for a correct name and password, None for a wrong one; Throttled after too many
    failures for this name or this address within the window (even when the password is right)."""
    cfg = current_app.config
    window = cfg["LOGIN_WINDOW_SECONDS"]
    now = time.time()
    since = now - window
    store = storage()
    store.clear_failures(None, before=now - 2 * window)  # keep the table small
    for key, factor in _keys(name):
        if store.failures_since(key, since) >= cfg["LOGIN_MAX_FAILURES"] * factor:
            oldest = store.oldest_failure_since(key, since) or now
            raise Throttled(max(1, int((oldest + window - now + 59) // 60)))
    user = store.user_by_name(name.strip()) if name.strip() else None
    stored = user["password_hash"] if user and user["password_hash"] else _DUMMY_HASH
    ok = check_password_hash(stored, password) and user is not None and user["password_hash"] \
        and not user["disabled"]
    if not ok:
        for key, _ in _keys(name):
            store.record_failure(key, now)
        return None
    store.clear_failures(_keys(name)[0][0])
    return user


def user_is_signed_in(fn):
    """Every view needs this or a place on the allow-list in tests/web/test_routes.py."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if g.get("user") is None:
            return redirect(url_for("main.sign_in", next=request.full_path if request.method == "GET" else None))
        return fn(*args, **kwargs)
    wrapper.signed_in_required = True
    return wrapper


def user_has_role(*roles):
    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            if g.user["role"] not in roles:
                abort(404)  # as for proposals: a page you may not use does not exist for you
            return fn(*args, **kwargs)
        return user_is_signed_in(wrapper)
    return decorate


# -- proposals --------------------------------------------------------------------------------
CAN = {
    "read": ("owner", "editor", "reader"),
    "edit": ("owner", "editor"),
    "share": ("owner",),
}


def relation(proposal, user):
    """'owner', 'editor', 'reader' or None."""
    if proposal is None or user is None:
        return None
    if proposal["owner_id"] == user["id"]:
        return "owner"
    store = storage()
    given = store.access(proposal["id"], user["id"])
    if given:
        return given
    if proposal["team_id"] is not None and store.is_member(proposal["team_id"], user["id"]):
        return "reader"
    return None


def proposal_or_404(public_id, need="read"):
    """The proposal if the signed-in user may `need` it (read, edit, share, waive), else 404."""
    proposal = storage().proposal(public_id)
    rel = relation(proposal, g.user)
    if need == "waive":
        allowed = rel in CAN["read"] and g.user["role"] == "auditor"
    else:
        allowed = rel in CAN[need]
    if not allowed:
        abort(404)
    g.relation = rel
    return proposal


def may(proposal, need):
    rel = relation(proposal, g.user)
    if need == "waive":
        return rel in CAN["read"] and g.user["role"] == "auditor"
    return rel in CAN[need]


def safe_next(target):
    """Only a path on this site, so a sign-in link cannot send people elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None
