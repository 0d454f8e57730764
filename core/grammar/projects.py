"""`/project new|list|status|archive|unarchive`."""

from __future__ import annotations

from core import commands as c
from core.errors import UserError
from core.grammar import values
from core.grammar.options import Option, reject_leftovers, take_options, words_of
from core.grammar.spec import Args, Subcommand
from core.grammar.tokens import mention, mention_text, shown


def parse_new(args: Args) -> c.NewProject:
    found, rest = take_options(args.tokens, (Option("owner", "owner:@ana"),))
    owner = None
    if "owner" in found:
        owner = mention_text(found["owner"])
        if owner is None:
            raise UserError(f"'{shown(found['owner'])}' is not a person; write owner:@ana.")
    words = []
    for tok in rest:
        person = mention(tok)
        if person is not None and owner is None:
            owner = person
        elif person is not None:
            raise UserError("A project has one owner; quote the name to keep a mention in it.")
        else:
            words.append(tok)
    if not words:
        raise UserError("A project needs a name: /project new launch.")
    typed = words_of(words)
    if typed.startswith(("#", "<#")):
        name = values.project_name(typed.removeprefix("<").split("|")[-1].rstrip(">"))
        raise UserError(f"'{shown(typed)}' looks like a channel; a project name can't start "
                        f"with #. Name it without the #: /project new {name}.")
    return c.NewProject(name=values.project_name(words_of(words)), owner=owner)


def parse_list(args: Args) -> c.ListProjects:
    words = [t for t in args.tokens if t.text.lower() not in ("all", "archived")]
    reject_leftovers(words, "use /project list, or /project list all to include archived")
    return c.ListProjects(include_archived=len(words) < len(args.tokens))


def _name(args: Args, example: str) -> str:
    if not args.tokens:
        raise UserError(f"Which project? {example}.")
    return values.project_name(words_of(args.tokens))


def parse_status(args: Args) -> c.ProjectStatus:
    return c.ProjectStatus(name=_name(args, "/project status launch"))


def parse_archive(args: Args) -> c.ArchiveProject:
    return c.ArchiveProject(name=_name(args, "/project archive launch"))


def parse_unarchive(args: Args) -> c.UnarchiveProject:
    return c.UnarchiveProject(name=_name(args, "/project unarchive launch"))


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand("project", "new", "/project new <name> [owner:@user]", parse_new,
               "Create a project.", ("/project new launch owner:@ana", '/project new "Q4 plan"'),
               aliases=("add", "create")),
    Subcommand("project", "list", "/project list [all]", parse_list,
               "List projects (all: include archived ones).", ("/project list",),
               aliases=("ls",),
               brief="List projects"),
    Subcommand("project", "status", "/project status <name>", parse_status,
               "Progress, risks, blocked work and load of a project.",
               ("/project status launch",), aliases=("show",)),
    Subcommand("project", "archive", "/project archive <name>", parse_archive,
               "Archive a project (its history stays).", ("/project archive launch",)),
    Subcommand("project", "unarchive", "/project unarchive <name>", parse_unarchive,
               "Bring an archived project back.", ("/project unarchive launch",),
               aliases=("restore",)),
)
