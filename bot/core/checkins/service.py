"""Check-ins over time: drafts between answers, episodes, outcomes, and the follow-ups they plan.

No Telegram here: the handlers and the dispatcher call these with the storage and the clock's now.
Follow-ups are due messages of kind `checkin` (see scheduler/followups.py for their timing), so they
are exactly-once and survive restarts the same way nudges do.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from bot.core.checkins.flow import Cancelled, Draft, Finished, InvalidAnswer, advance, start
from bot.core.storage.store import Storage
from bot.core.storage.checkins import Episode, FollowupSettings, StoredCheckin
from bot.core.triage.rules import CheckinReport, Level, Outcome, assess
from scheduler.followups import followup_due, followup_slot, reminder_due, reminder_slot
from scheduler.settings import zone_of

CHECKIN = "checkin"  # the due-message kind of follow-ups and their reminders


class NoCheckin(LookupError):
    """There is no check-in in progress for this subscriber (a stale button)."""


@dataclass(frozen=True)
class Completion:
    """What finishing a check-in led to."""

    outcome: Outcome
    report: CheckinReport
    next_on: date | None      # local date of the next follow-up, None when the episode closed
    closed_episode: bool


def as_report(checkin: StoredCheckin, started_on: date | None) -> CheckinReport:
    """A stored check-in as the triage sees it."""
    return CheckinReport(on=checkin.local_date, pain_now=checkin.pain_now, started_on=started_on,
                         pain=checkin.pain, trend=checkin.trend, signs=checkin.signs)


class CheckinService:
    """Runs check-ins for one storage."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    def local_today(self, user_id: int, now: datetime) -> date:
        """The subscriber's local date at `now`."""
        return now.astimezone(zone_of(self.storage.followup_settings(user_id).timezone)).date()

    def begin(self, user_id: int, now: datetime) -> Draft:
        """Start a check-in (replacing one in progress) and keep its draft."""
        episode = self.storage.open_episode(user_id)
        if episode is None:
            draft = start()
        else:
            draft = start(episode.started_on, len(self.storage.episode_checkins(episode.id)))
        self.storage.save_draft(user_id, draft.to_dict(), now)
        return draft

    def current(self, user_id: int) -> Draft | None:
        """The check-in in progress, or None (also when its stored draft is unreadable)."""
        data = self.storage.draft(user_id)
        try:
            return Draft.from_dict(data) if data is not None else None
        except InvalidAnswer:
            return None

    def answer(self, user_id: int, step: str, answer: str, now: datetime) -> Draft | Completion | Cancelled:
        """Apply one answer given at question `step`; raise NoCheckin or InvalidAnswer when it doesn't fit."""
        draft = self.current(user_id)
        if draft is None or draft.step != step:
            raise NoCheckin(user_id)
        result = advance(draft, answer, self.local_today(user_id, now))
        if isinstance(result, Cancelled):
            self.storage.drop_draft(user_id)
            return result
        if isinstance(result, Finished):
            return self.complete(user_id, result.report, now)
        self.storage.save_draft(user_id, result.to_dict(), now)
        return result

    def complete(self, user_id: int, report: CheckinReport, now: datetime) -> Completion:
        """Assess a finished check-in, record it and its escalation, and plan or stop follow-ups."""
        storage = self.storage
        with storage.atomically():
            episode = storage.open_episode(user_id)
            earlier = self._earlier(episode)
            if episode is not None:
                report = replace(report, started_on=episode.started_on)
            elif report.pain_now:
                episode = storage.start_episode(user_id, report.started_on or report.on, now)
            outcome = assess(report, earlier)
            storage.add_checkin(user_id, episode.id if episode else None, now, report.on, pain_now=report.pain_now,
                                pain=report.pain, trend=report.trend, signs=report.signs, level=int(outcome.level),
                                rules=outcome.rules)
            if outcome.level > Level.SELF_CARE:
                storage.record_escalation(int(outcome.level), ",".join(outcome.rules), now)
            storage.cancel_pending(user_id, CHECKIN)
            storage.drop_draft(user_id)
            if not report.pain_now:
                if episode is not None:
                    storage.close_episode(episode.id, now)
                return Completion(outcome, report, None, episode is not None)
            if episode is None:
                raise RuntimeError("a check-in with pain always has an episode")
            next_on = self._plan_followup(user_id, episode.id, report.on, now)[0]
        return Completion(outcome, report, next_on, False)

    def followup_sent(self, user_id: int, slot: str, episode_id: int, on: date, now: datetime) -> None:
        """A follow-up went out unanswered so far: plan its one reminder and the next follow-up."""
        settings = self.storage.followup_settings(user_id)
        next_at = self._plan_followup(user_id, episode_id, on, now, settings)[1]
        remind_at = reminder_due(now, settings.timezone, settings.quiet)
        if remind_at < next_at:
            self.storage.schedule(user_id, CHECKIN, reminder_slot(slot), remind_at, now)

    def record_screening(self, outcome: Outcome, now: datetime) -> None:
        """Log an escalation the safety net gave in reply to a typed message."""
        self.storage.record_escalation(int(outcome.level), ",".join(outcome.rules), now)

    def _earlier(self, episode: Episode | None) -> list[CheckinReport]:
        if episode is None:
            return []
        return [as_report(c, episode.started_on) for c in self.storage.episode_checkins(episode.id)]

    def _plan_followup(self, user_id: int, episode_id: int, after_on: date, now: datetime,
                       settings: FollowupSettings | None = None) -> tuple[date, datetime]:
        settings = settings or self.storage.followup_settings(user_id)
        on, due_at = followup_due(after_on, settings.every_days, settings.checkin_time, settings.timezone,
                                  settings.quiet)
        self.storage.schedule(user_id, CHECKIN, followup_slot(episode_id, on), due_at, now)
        return on, due_at
