"""Workspace roles: who may edit any task (managers, admins) and change roles (admins)."""

from __future__ import annotations

from core import commands as c
from core.errors import PermissionDenied, UserError
from core.handlers.base import HandlerContext
from core.model import Role
from core.results import Info


def dms_on(h: HandlerContext, cmd: c.DmsOn) -> Info:
    """Undo the closed-DM fallback for the actor: the next notification is a DM again (and
    if DMs are still closed, the first failure marks them unreachable once more)."""
    if not h.actor.dm_unreachable:
        return Info(message="Your notifications already come as direct messages.",
                    viewer_tz=h.tz)
    h.actor.dm_unreachable = False
    h.uow.members.update(h.actor)
    return Info(message="Thanks: your notifications will come as direct messages again.",
                viewer_tz=h.tz)


def set_role(h: HandlerContext, cmd: c.SetRole) -> Info:
    if h.actor.role is not Role.ADMIN:
        raise PermissionDenied("Only admins can change roles. `/task help role` says more.")
    member = h.member(cmd.user)
    if member.id == h.actor.id and cmd.role is not Role.ADMIN:
        raise UserError("You can't step down yourself: ask another admin to change your role.")
    member.role = cmd.role
    h.uow.members.update(member)
    return Info(message=f"{member.display_name} is now {cmd.role.value}.", viewer_tz=h.tz)
