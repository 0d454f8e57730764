"""Rough edges a new user hit, driven through `taskbot console` as they drove them:
who may delete a task or change a channel's digest, what completing a blocked task
says, what an empty `/task list` says, and who gets unblock DMs."""

from __future__ import annotations

import re
from pathlib import Path

from tests.e2e.console.runner import run_console


def _after(out: str, line: str) -> str:
    """The transcript from the echo of `line` on (the command's answer first)."""
    return out[out.index(line) + len(line):]


def test_taking_a_task_does_not_grant_deleting_it(tmp_path: Path) -> None:
    out = run_console(tmp_path, "\n".join([
        ":clock 2026-11-23T10:00:00Z",
        ":as ana", "/task add Write the spec",
        ":as bob", "/task take #1", "/task delete #1", "/task show #1",
        ":as ana", "/task role @cy manager",
        ":as dee", "/task add Dee's own", ":as cy", "/task delete #2",
        ":clock 2026-11-23T10:01:00Z", ""]))  # the DM waits out its burst window
    refusal = _after(out, "@bob in #general: /task delete #1")
    assert refusal.startswith("\n[ephemeral @bob] You can't delete #1: only its creator, "
                              "the project owner, managers and admins can.")
    assert "[ephemeral @bob] #1 Write the spec [open, normal]" in out  # still there
    # a manager may delete anyone's task; its creator is told, with what was deleted
    assert "[ephemeral @cy] Deleted #2 “Dee's own” and its history." in out
    assert "[DM @dee] cy deleted #2 Dee's own, which you created" in out
    assert "[DM @ana] " not in out


def test_the_creator_and_the_project_owner_may_delete(tmp_path: Path) -> None:
    out = run_console(tmp_path, "\n".join([
        ":clock 2026-11-23T10:00:00Z",
        ":as ana", "/project new launch",
        ":as bob", "/task add Bob's task project:launch", "/task add Another",
        "/task delete #2",
        ":as ana", "/task delete #1",
        ":clock 2026-11-23T10:01:00Z", ""]))  # the DM waits out its burst window
    assert "[ephemeral @bob] Deleted #2 “Another” and its history." in out
    assert "[ephemeral @ana] Deleted #1 “Bob's task” and its history." in out  # owner of launch
    assert "[DM @bob] ana deleted #1 Bob's task, which you created" in out
    assert out.count("deleted #") == 1  # nobody is told about deleting their own task


def test_only_its_setter_managers_and_admins_change_a_channels_digest(tmp_path: Path) -> None:
    out = run_console(tmp_path, "\n".join([
        ":as ana", "/task add Hello",  # ana is the workspace's first member: its admin
        ":as bob", "/task digest here at 09:00 UTC",
        ":as cy", "/task digest off", "/task digest here at 07:00 UTC",
        ":as bob", "/task digest here at 10:00 UTC daily",
        ":as ana", "/task digest off",
        ":as cy", "/task digest here at 08:00 UTC", ""]))
    assert "[ephemeral @cy] You can't switch off this channel's digest: only bob, who set " \
           "it up, managers and admins can." in out
    assert "[ephemeral @cy] You can't change this channel's digest: only bob" in out
    assert "[ephemeral @bob] This channel gets a standup digest at 10:00 UTC, daily." in out
    assert "[ephemeral @ana] The standup digest for this channel is off." in out
    # once off, anyone may set one up again, and then it is theirs
    assert "[ephemeral @cy] This channel gets a standup digest at 08:00 UTC, weekdays." in out


def test_completing_a_blocked_task_names_its_open_blockers(tmp_path: Path) -> None:
    out = run_console(tmp_path, "\n".join([
        "/task add A", "/task add B", "/task add C after:#1,#2", "/task done #1",
        "/task done #3", ""]))
    assert "[ephemeral @me] #3 is done. Heads-up: #2, which it waits for, is still open." \
        in out
    assert "[ephemeral @me] #1 is done." in out and "#1 is done. Heads-up" not in out


def test_an_empty_list_of_mine_says_what_else_there_is(tmp_path: Path) -> None:
    out = run_console(tmp_path, "\n".join([
        "/task list", "/task add Try it due:tomorrow", "/task add Other @bob", "/task list",
        ""]))
    first = _after(out, "@me in #general: /task list\n")
    assert first.startswith("[ephemeral @me] No open tasks.\n")
    assert ("[ephemeral @me] No open tasks of yours; 1 unassigned open task, 1 open task "
            "of others: /task list all (`/task take #N` makes one yours).") in out


def test_no_unblock_dm_to_whoever_finished_the_blocker(tmp_path: Path) -> None:
    out = run_console(tmp_path, "\n".join([
        ":as ana", "/task add Design @bob", "/task add Build @bob after:#1",
        "/task add Test @cy after:#1",
        ":as bob", "/task done #1", ""]))
    unblocks = re.findall(r"^\[DM @(\w+)\] (#\d+ .* is unblocked: .*)$", out, re.M)
    assert unblocks == [("cy", "#3 Test is unblocked: bob finished #1 Design")]
    assert "[ephemeral @bob] #1 is done. Unblocked: #2, #3" in out


def test_reminder_ids_are_shown_listed_and_a_snoozed_one_can_be_moved(tmp_path: Path) -> None:
    out = run_console(tmp_path, "\n".join([
        ":clock 2026-11-23T10:00:00Z", "/task tz UTC", "/task add Pay it due:fri",
        "/task remind me call the bank 2026-11-24 10:00",
        "/task remind #1 2026-11-25 11:00",
        "/task reminders list",
        "/task remind snooze 1 tomorrow",  # not gone off yet: moved all the same
        ":clock 2026-11-24T08:00:00Z",
        "/task remind snooze 1 tomorrow",  # snoozed already: moved again, to Wednesday
        ":clock 2026-11-25T09:00:00Z", "/task reminders list", ""]))
    assert "[ephemeral @me] I'll remind you Tue 24 Nov 10:00 (UTC): call the bank " \
           "(reminder 1; /task reminders list shows yours)." in out
    assert "[ephemeral @me] I'll remind you about #1 Wed 25 Nov 11:00 (UTC) (reminder 2;" \
        in out
    listing = _after(out, "@me in #general: /task reminders list\n")
    assert listing.startswith("[ephemeral @me] Your reminders:\n"
                              "  1: call the bank, at Tue 24 Nov 10:00 (UTC)\n"
                              "  2: #1 Pay it, at Wed 25 Nov 11:00 (UTC)\n")
    assert "[ephemeral @me] Snoozed until Tue 24 Nov 09:00 (UTC)." in out
    assert "[ephemeral @me] Snoozed until Wed 25 Nov 09:00 (UTC)." in out
    tuesday = out[out.index("[clock] Tue 2026-11-24"):out.index("[clock] Wed 2026-11-25")]
    assert "Reminder: call the bank" not in tuesday
    wednesday = out[out.index("[clock] Wed 2026-11-25"):]
    assert "[DM @me] Reminder: call the bank (id 1: /task remind snooze 1 or done 1)" \
        in wednesday
    assert "  1: call the bank, sent" in wednesday


def test_settings_given_together_work_together(tmp_path: Path) -> None:
    out = run_console(tmp_path, "\n".join([
        "/task tz UTC", "/task reminders hours 10:00-16:00 days mon-thu due-soon off",
        "/task reminders", "/task reminders hours 10:00-16:00 hours 9:00-10:00",
        "/task reminders days mon-thu hours 16:00-10:00", "/task reminders", ""]))
    assert "[ephemeral @me] Due-soon DMs are off. Your working hours are 10:00-16:00 (UTC). " \
           "Your working days are mon,tue,wed,thu." in out
    assert out.count("[ephemeral @me] Working mon,tue,wed,thu 10:00-16:00 (UTC); due-soon "
                     "DMs off.") == 2  # the refused mix below changed nothing
    assert "[ephemeral @me] You gave hours twice; give each setting once." in out
    assert "[ephemeral @me] Working hours must end after they start" in out


def test_away_off_releases_what_the_away_period_held(tmp_path: Path) -> None:
    out = run_console(tmp_path, "\n".join([
        ":clock 2026-11-23T10:00:00Z", ":as ana", "/task tz UTC",
        "/task remind me call the bank 2026-11-24 10:00",
        "/task away until 2026-11-27 12:00",
        ":as bob", "/task add Report @ana due:2026-11-24T10:30Z",  # its DM is held
        ":clock 2026-11-24T11:00:00Z",  # the reminder is held; the alert row is made
        ":clock 2026-11-24T11:00:30Z",  # the overdue alert is held
        ":as bob", "/task add For ana @ana",  # an assignment DM, in its burst window
        ":as ana", "/task away off",
        ":clock 2026-11-24T11:01:00Z",
        ":clock 2026-11-24T11:01:30Z", ""]))  # the burst window of "For ana" closes
    held = out[out.index("[clock] Tue 2026-11-24 11:00"):out.index("/task away off")]
    assert "[DM @ana]" not in held
    back = _after(out, "@ana in #general: /task away off\n")
    assert back.startswith("[ephemeral @ana] Welcome back: you're no longer away. 3 held "
                           "messages go out now.\n[DM @ana] bob assigned you #1 Report")
    later = _after(back, "[clock] Tue 2026-11-24 11:01")
    assert "[DM @ana] bob assigned you #2 For ana" in _after(later, "[clock] Tue 2026-11-24 "
                                                                     "11:01")
    assert "[DM @ana] Reminder: call the bank (id 1:" in later
    assert "[DM @ana] #1 Report is overdue" in later


def test_project_status_gives_totals_more_and_the_digests_risks(tmp_path: Path) -> None:
    script = [":clock 2026-11-23T10:00:00Z", "/project new launch",
              "/task add Late blocker due:2026-11-20 project:launch",
              "/task add Waits due:2026-11-30 after:#1 project:launch",
              "/task add Slow blocker due:2026-12-10 project:launch",
              "/task add Waits2 due:2026-12-01 after:#3 project:launch"]
    script += [f"/task add Old {n} due:2026-11-20 project:launch" for n in range(12)]
    script += [f"/task add Stuck {n} after:#3 project:launch" for n in range(10)]
    out = run_console(tmp_path, "\n".join([*script, "/project status launch", ""]))
    status = _after(out, "/project status launch\n")
    # 13 overdue (#1 and Old 0..11), 10 shown
    assert re.search(r"^  overdue: #1 Late blocker \(open\); .*; and 3 more \(13 in all\)$",
                     status, re.M)
    assert "  blocked: and 2 more (12 in all)" in status  # Waits, Waits2, Stuck 0..9
    assert "  risk: #2 Waits waits for #1 Late blocker (open), which is overdue" in status
    assert "  risk: #4 Waits2 waits for #3 Slow blocker (open), which is due after it" \
        in status


def test_a_recurring_task_shows_its_rule_and_drop_or_off_say_what_happens(
        tmp_path: Path) -> None:
    out = run_console(tmp_path, "\n".join([
        ":clock 2026-11-23T10:00:00Z", "/task tz UTC",
        "/task add Water plants every:weekdays", "/task show #1",
        "/task drop #1",  # this occurrence only
        ":clock 2026-11-23T10:05:00Z", "/task list all",
        "/task every #2 mon,thu", "/task every #2 hourly",
        "/task every #2 off", "/task done #2",
        ":clock 2026-11-30T10:10:00Z", "/task list all",
        "/task add Plain", "/task every #3 daily", ""]))
    # the first occurrence's card: its due date and its rule, in the channel and in show
    assert "[#general] #1 Water plants [open, normal]\n  unassigned · due Mon 2026-11-23 " \
           "17:00 · repeats weekdays" in out
    assert "[ephemeral @me] #1 Water plants [open, normal]\n  unassigned · due Mon " \
           "2026-11-23 17:00 · repeats weekdays" in out
    assert "[ephemeral @me] #1 is dropped. It repeats weekdays: the next one still comes " \
           "(`/task every #1 off` stops the series)." in out
    assert "  #2 Water plants [open, normal]\n    unassigned · due Tue 2026-11-24 17:00 · " \
           "repeats weekdays" in out
    assert "[ephemeral @me] #2 repeats mon,thu." in out
    assert "[ephemeral @me] I can't read 'hourly' as a repeat rule." in out
    assert "[ephemeral @me] #2 no longer repeats: no new occurrence will come." in out
    assert "[ephemeral @me] #2 is done.\n" in out  # no "next one still comes" any more
    assert _after(out, "[clock] Mon 2026-11-30 10:10 UTC").startswith(
        "\n@me in #general: /task list all\n[ephemeral @me] No open tasks.")
    assert "[ephemeral @me] #3 repeats daily." in out
    assert "  unassigned · due Mon 2026-11-30 17:00 · repeats daily" in out


def test_times_name_their_zone_where_the_readers_differs_from_the_actors(
        tmp_path: Path) -> None:
    out = run_console(tmp_path, "\n".join([
        ":clock 2026-11-30T08:00:00Z",
        ":as bob", "/task tz Asia/Tokyo", ":as ana", "/task tz Europe/Berlin",
        "/task add For bob @bob due:2026-12-03T09:00Z",
        ":as cy", "/task add From cy @bob due:2026-12-03T09:00Z", "/task show #2",
        ":clock 2026-11-30T08:01:00Z", ""]))  # the DMs wait out their burst windows
    # ana's channel card is in her zone, not the workspace's (UTC): it says so
    assert "[#general] #1 For bob [open, normal]\n  @bob · due Thu 2026-12-03 10:00 " \
           "Europe/Berlin" in out
    # bob reads his DM in his own zone, which is not ana's: named
    assert "[DM @bob] ana assigned you #1 For bob\n  #1 For bob [open, normal]\n    @bob · " \
           "due Thu 2026-12-03 18:00 Asia/Tokyo" in out
    # cy is in the workspace's zone: her card needs no label; bob's DM still has one
    assert "[#general] #2 From cy [open, normal]\n  @bob · due Thu 2026-12-03 09:00\n" in out
    assert "    @bob · due Thu 2026-12-03 18:00 Asia/Tokyo" in _after(out, "/task add From cy")
    assert "[ephemeral @cy] #2 From cy [open, normal]\n  @bob · due Thu 2026-12-03 09:00\n" \
        in out  # her own reply, in her own zone
