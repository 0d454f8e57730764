"""The unit of work's outbox, first stop: non-urgent DMs are held, not queued.

- A person in hourly or daily mode: the note joins their batch (released by the tick at
  `core.attention.timing.next_batch`).
- A person in immediate mode: the note waits `burst` seconds in a window keyed by
  (actor, recipient), opened by the first note; notes of the same actor to the same person
  within it join it. When the window closes, one note goes out as it was, several as one
  summary: a burst (bulk edits, a template applied, an import) is one DM.
- Urgent kinds, channel posts and notes already timed pass straight to the next outbox
  (quiet hours), as does everything when `burst` is 0 and the person is immediate."""

from __future__ import annotations

import datetime as dt

from core.attention.model import BATCH_BUCKET, Mode, NotifyPrefs, burst_bucket, is_holdable
from core.attention.ports import AttentionUnit
from core.attention.timing import next_batch
from core.model import Member, TenantKey
from core.notifications import Notification
from core.ports import Outbox
from core.scheduling.model import Prefs


class AttentionOutbox:
    def __init__(self, inner: Outbox, uow: AttentionUnit, default_tz: str = "UTC",
                 burst: dt.timedelta = dt.timedelta(seconds=60)) -> None:
        self.inner = inner
        self.uow = uow
        self.default_tz = default_tz
        self.burst = burst
        self._people: dict[tuple[str, str, str], tuple[Member, NotifyPrefs | None, str] | None] = {}
        self._open: dict[tuple[int, str], dt.datetime] = {}

    def add(self, note: Notification, now: dt.datetime) -> bool:
        if not is_holdable(note):
            return self.inner.add(note, now)
        assert note.user_id is not None
        person = self._person(note.platform, note.workspace_id, note.user_id)
        if person is None:
            return self.inner.add(note, now)
        member, notify, tz = person
        if notify is None or notify.mode is Mode.IMMEDIATE:
            if self.burst <= dt.timedelta(0):
                return self.inner.add(note, now)
            bucket = burst_bucket(note.actor_user_id)
            key = (member.id, bucket)
            release = self._open.get(key) or self.uow.attention.open_release(
                member.id, bucket, now) or now + self.burst
            self._open[key] = release
        else:
            bucket = BATCH_BUCKET
            release = next_batch(now, notify, self._prefs(member), tz)
        self.uow.attention.hold(member.tenant_id, member.id, bucket, release, note, now)
        return True

    def _person(self, platform: str, workspace_id: str,
                user_id: str) -> tuple[Member, NotifyPrefs | None, str] | None:
        """The recipient, their notify mode and zone: read once per unit of work (a bulk
        change notifies the same people again and again)."""
        key = (platform, workspace_id, user_id)
        if key not in self._people:
            tenant = self.uow.tenants.get_or_create(TenantKey(platform, workspace_id),
                                                    default_tz=self.default_tz)
            member = self.uow.members.get(tenant.id, user_id)
            self._people[key] = None if member is None else (
                member, self.uow.attention.notify_prefs(tenant.id, member.id),
                member.tz or tenant.default_tz or self.default_tz)
        return self._people[key]

    def _prefs(self, member: Member) -> Prefs:
        found = self.uow.people.prefs_of(member.tenant_id, [member.id]).get(member.id)
        return found or Prefs(member_id=member.id, tenant_id=member.tenant_id)
