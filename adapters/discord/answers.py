"""Every interaction gets a valid answer, even one no handler can take.

Discord shows "This interaction failed" for any interaction not answered within 3 s, and
an autocomplete may only be answered with choices (type 8), never a message. discord.py
silently drops what it can't route: an autocomplete focused on an option without
autocomplete, options it can't read (`user:"notanid"`, options that are not a list), a
component whose id matches nothing, a form already submitted. So:

- `TaskbotTree` runs discord.py's command dispatch and answers what it could not read,
  and answers every autocomplete with choices (empty when nothing else did);
- `answer_if_unanswered` is the last line: `LAST_CALL` seconds after an interaction
  arrived, if nothing answered it, it gets an empty autocomplete or a private "couldn't
  handle that" (our handlers answer or defer well before: defer at 1.5 s, autocomplete
  within 2 s, the edit form's lookup within 2 s).

Client errors (an unknown or out-of-date command, an option that doesn't convert) are a
user's or Discord's business, not ours: one log line each, no traceback."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import discord
from discord import app_commands

from adapters.discord.bridge import NO_MENTIONS
from adapters.discord.options_guard import check

log = logging.getLogger(__name__)

LAST_CALL = 2.5
WATCH_STEP = 0.05
UNREADABLE = ("⚠️ I couldn't read that request, so I did nothing. Pick the command again "
              "from Discord's list (the bot may have been updated meanwhile).")
UNHANDLED = ("⚠️ I couldn't handle that (it may belong to an older message, another app, "
             "or a form already sent), so I did nothing.")
CLIENT_ERRORS = (app_commands.CommandNotFound, app_commands.CommandSignatureMismatch,
                 app_commands.TransformerError)


async def answer(interaction: discord.Interaction[Any], text: str) -> None:
    """A private message, or an empty list of choices for an autocomplete; quiet when
    something else answered meanwhile."""
    try:
        if interaction.type is discord.InteractionType.autocomplete:
            await interaction.response.autocomplete([])
        elif interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(text, ephemeral=True,
                                                    allowed_mentions=NO_MENTIONS)
    except discord.InteractionResponded:
        pass
    except discord.HTTPException as err:
        log.info("interaction %s: could not answer it (%s %s)", interaction.id,
                 err.status, err.code)


async def answer_if_unanswered(interaction: discord.Interaction[Any],
                               arrived: float | None) -> None:
    """Wait until `LAST_CALL` s after arrival; answer the interaction if nothing has.

    Returns as soon as something answered it (checked every `WATCH_STEP` s): a stop waits
    for the interactions in flight (`TaskbotClient.drain`), and an answered one has
    nothing left for this to do, so it must not hold a stop for the rest of LAST_CALL."""
    deadline = (arrived if arrived is not None else time.monotonic()) + LAST_CALL
    while not interaction.response.is_done():
        left = deadline - time.monotonic()
        if left <= 0:
            break
        await asyncio.sleep(min(left, WATCH_STEP))
    if interaction.response.is_done():
        return
    data: dict[str, Any] = dict(interaction.data or {})
    log.info("interaction %s (type %s, %r) was not handled; answering it", interaction.id,
             interaction.type.value, str(data.get("custom_id") or data.get("name") or "")[:100])
    await answer(interaction, UNHANDLED)


def describe(error: Exception) -> str:
    """One line for the log: the error's class and message, clipped."""
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text[:200]}"


class TaskbotTree(app_commands.CommandTree[Any]):
    """discord.py's tree, with an answer for every interaction it dispatches."""

    async def _call(self, interaction: discord.Interaction[Any]) -> None:
        try:
            autocomplete = interaction.type is discord.InteractionType.autocomplete
            if autocomplete and not self._completes(interaction):
                await answer(interaction, "")
                return
            reason = self._refusal(interaction, autocomplete)
            if reason is not None:
                log.info("interaction %s refused: %s", interaction.id, reason)
                await answer(interaction, f"⚠️ {reason}")
                return
            await super()._call(interaction)
        except app_commands.AppCommandError:
            raise  # to on_error
        except Exception as err:  # the payload's options could not be read
            log.info("interaction %s: unreadable options (%s)", interaction.id,
                     describe(err))
            await answer(interaction, UNREADABLE)
        finally:
            if (interaction.type is discord.InteractionType.autocomplete
                    and not interaction.response.is_done()):
                await answer(interaction, "")

    def _completes(self, interaction: discord.Interaction[Any]) -> bool:
        """The autocomplete is focused on an option that has autocomplete (else discord.py
        logs a traceback and answers nothing)."""
        data: Any = interaction.data or {}
        command, options = self._get_app_command_options(data)
        focused = next((o.get("name") for o in options
                        if isinstance(o, dict) and o.get("focused")), None)
        params = getattr(command, "parameters", [])
        if any(p.display_name == focused and p.autocomplete for p in params):
            return True
        log.info("interaction %s: autocomplete focused on %r, which has none; no choices",
                 interaction.id, str(focused)[:50] if focused is not None else None)
        return False

    def _refusal(self, interaction: discord.Interaction[Any], autocomplete: bool
                 ) -> str | None:
        """Clean the options in place and check them against their parameters."""
        data: Any = interaction.data or {}
        if data.get("type", 1) != 1:
            return None  # a context menu: no options
        command, options = self._get_app_command_options(data)
        if not isinstance(command, app_commands.Command):
            return None
        if not isinstance(options, list):
            return "I couldn't read that command's options."
        return check(command, options, autocomplete=autocomplete)
