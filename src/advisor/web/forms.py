"""Every form of the browser service (Flask-WTF: each carries a CSRF token).

Error messages follow the GOV.UK Design System: say what to do ("Enter your name"), not what went
wrong. The proposal's own errors come from the core, with file, line and key (errors.user_errors).
"""

import datetime

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError


class ChoiceField(StringField):
    """One of a list of (value, words): rendered as radios or a select by the template's GOV.UK
    macro. A plain field because wtforms is deprecating tuple choices; `choices` may be set per
    request (a person's own teams)."""

    def __init__(self, label=None, validators=None, choices=(), message="Select an option", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.choices = list(choices)
        self.message = message

    def pre_validate(self, form):
        if self.data not in {value for value, _ in self.choices}:
            raise ValidationError(self.message)


class StripWhitespaceForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            # Text people paste often carries spaces at either end; passwords are kept exactly.
            if unbound_field.field_class is not PasswordField:
                options.setdefault("filters", []).append(lambda v: v.strip() if isinstance(v, str) else v)
            return unbound_field.bind(form=form, **options)


class SignInForm(StripWhitespaceForm):
    name = StringField("User name", validators=[DataRequired("Enter your user name")])
    password = PasswordField("Password", validators=[InputRequired("Enter your password")])


class UploadForm(StripWhitespaceForm):
    file = FileField("Upload a proposal file")
    team = ChoiceField("Which team's portfolio is it part of?", message="Select a team, or no team")

    def validate_file(self, field):
        data = field.data
        if data is None or not getattr(data, "filename", ""):
            raise ValidationError("Select a proposal file")
        if not data.filename.lower().endswith((".yaml", ".yml")):
            raise ValidationError("The selected file must be a YAML file (.yaml or .yml)")


class TitleForm(StripWhitespaceForm):
    title = StringField("What is the proposal called?",
                        validators=[DataRequired("Enter the proposal's name"),
                                    Length(max=200, message="The name must be 200 characters or fewer")])


class TeamForm(StripWhitespaceForm):
    team = ChoiceField("Which team's portfolio is this proposal part of?", message="Select a team, or no team")


class ShareForm(StripWhitespaceForm):
    name = StringField("User name of your colleague", validators=[DataRequired("Enter your colleague's user name")])
    access = ChoiceField("What can they do?", choices=[("editor", "Read and change the proposal"),
                                                       ("reader", "Read the proposal and its reports")],
                         message="Select what your colleague can do")


class WaiverForm(StripWhitespaceForm):
    item = ChoiceField("Checklist item", message="Select the checklist item to waive")
    justification = TextAreaField("Why is this item waived?",
                                  validators=[DataRequired("Enter why this item is waived"),
                                              Length(max=2000, message="The reason must be 2000 characters or fewer")])
    approved_by = StringField("Who approved the waiver? (optional)",
                              validators=[Length(max=200, message="This must be 200 characters or fewer")])
    expires_day = StringField("Day")
    expires_month = StringField("Month")
    expires_year = StringField("Year")

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.item.choices = list(items)
        self.expires = None

    def validate_expires_day(self, field):
        parts = (self.expires_day.data, self.expires_month.data, self.expires_year.data)
        if not any(parts):
            raise ValidationError("Enter the date the waiver expires")
        names = ("day", "month", "year")
        missing = [n for n, p in zip(names, parts) if not p]
        if missing:
            raise ValidationError(f"The date the waiver expires must include a {missing[0]}")
        try:
            day, month, year = (int(p) for p in parts)
            if year < 1000:
                raise ValueError
            self.expires = datetime.date(year, month, day)
        except ValueError:
            raise ValidationError("The date the waiver expires must be a real date") from None


class AddUserForm(StripWhitespaceForm):
    name = StringField("User name", validators=[DataRequired("Enter a user name"),
                                               Length(max=100, message="The user name must be 100 characters or fewer")])
    role = ChoiceField("Role", choices=[("officer", "Officer: plans proposals"),
                                        ("auditor", "Auditor: reads proposals given to them and adds waivers"),
                                        ("admin", "Administrator: manages users and teams")],
                       message="Select a role")
    password = PasswordField("Password", validators=[InputRequired("Enter a password")])


class AddTeamForm(StripWhitespaceForm):
    name = StringField("Team name", validators=[DataRequired("Enter a team name"),
                                               Length(max=100, message="The team name must be 100 characters or fewer")])


class MemberForm(StripWhitespaceForm):
    name = StringField("User name", validators=[DataRequired("Enter the user name of the person to add")])


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
