"""The `advisor` command line: the group, and the registration of every command.

Each command lives in commands/ (one module per area: report.py has advise, audit and next), its
shared options and UserError in cli_options.py, and what it runs in the core. Imports stay inside
the commands, so that `--help` is instant."""

import click


class Interrupted(click.ClickException):
    """Ctrl-C inside a command: one line and exit 130, not click's "Aborted!" and exit 1 (exit 1
    means "findings" here, so an interrupted audit must never look like one)."""

    exit_code = 130

    def __init__(self):
        from .__main__ import INTERRUPTED

        super().__init__(INTERRUPTED)

    def show(self, file=None):
        click.echo("\n" + self.message, err=True)


class AdvisorGroup(click.Group):
    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            raise Interrupted() from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted() from None


@click.group(cls=AdvisorGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="advisor")
def main():
    """Plan and check a shared service between councils.

    advisor reads a proposal (YAML; see `advisor schema` and docs/proposal-format.md), fires the
    lessons of five council papers against it, and reports what can go wrong (poisons), what to do
    (antidotes) and which governance items are missing, in an order you can act on.

    \b
    Start here:
      advisor advise examples/herts-internal-audit.yaml
      advisor audit examples/herts-internal-audit.yaml --format json
      advisor next examples/herts-internal-audit.yaml
      advisor explain political.different_political_control

    Exit status: 0 ok; 1 audit found items missing, or not known, at or above --fail-on; 2 bad
    input or usage.
    """


def _register_commands():
    """Add every click command defined in advisor/commands/*.py: a module-level `command`, or
    `commands` where one module holds several."""
    import importlib
    import pkgutil

    from . import commands

    for mod in sorted(m.name for m in pkgutil.iter_modules(commands.__path__)):
        module = importlib.import_module(f"{commands.__name__}.{mod}")
        for command in getattr(module, "commands", None) or (module.command,):
            main.add_command(command)


_register_commands()


if __name__ == "__main__":  # pragma: no cover
    main()
