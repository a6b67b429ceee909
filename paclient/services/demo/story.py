"""One synthetic young person's story: identity, activity history and the rows around them.

Pure generation, no database: every value comes from one `random.Random` in a fixed order, so a
seed and a date always give the same stories. Activities respect the cross-field rules by
construction, reading them from the code book's attributes (compulsory-age and post-16 codes,
SEND-only codes, ages a code is not for, needed characteristics, review dates) and NEET start
dates follow each unbroken NEET run.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from ccis import identifiers, rules
from ccis.codes import CodeEntry
from paclient.services.context import Context
from paclient.services.demo import words as words
from paclient.services.demo.rows import Codes, DemoIds, Facts, Row, RowMaker, between

DAY = dt.timedelta(days=1)
CUSTODY_BY_AGE = ((15, "130"), (17, "290"), (99, "710"))
INSTEAD = {"280": "230", "460": "430", "650": "640"}  # when SEND or gender rule it out
ADULT_CODES = frozenset({"240", "260", "710"})  # plausible from Year 14 only
_COMPULSORY = (("110", 92), ("140", 3), ("120", 3), ("150", 2))
_POST16 = (("210", 18), ("220", 10), ("230", 22), ("250", 2), ("270", 1), ("280", 2),
           ("310", 6), ("320", 1), ("330", 3), ("340", 1), ("350", 1), ("360", 1), ("380", .5),
           ("381", .3), ("550", .3), ("410", 2), ("430", 1), ("450", 1), ("460", 1), ("530", 2),
           ("540", .5), ("610", 2), ("615", 1), ("616", 1), ("619", 4), ("620", .4), ("630", .5),
           ("640", .5), ("650", .3), ("660", .1), ("670", .3), ("680", .5), ("810", 4),
           ("820", 1.5), ("830", 1))
_ADULT = (("240", 10), ("230", 8), ("250", 3), ("260", 2), ("270", 1), ("280", 3), ("310", 8),
          ("320", 2), ("330", 8), ("340", 3), ("350", 2), ("360", 3), ("380", 1), ("381", .5),
          ("550", .5), ("410", 2), ("430", 2), ("440", 2), ("450", 1), ("460", 2), ("530", 1),
          ("540", 1), ("610", 2), ("615", 1), ("616", 1), ("619", 6), ("620", .6), ("630", 1),
          ("640", 1), ("650", .4), ("660", .2), ("670", .6), ("680", .8), ("810", 5), ("820", 2),
          ("830", 1))
_PAST_POST16 = (("210", 16), ("220", 8), ("230", 20), ("250", 2), ("310", 6), ("330", 3),
                ("410", 2), ("530", 2), ("610", 3), ("619", 6), ("810", 4))
_PAST_ADULT = (("240", 10), ("230", 6), ("310", 6), ("330", 8), ("360", 3), ("430", 2),
               ("619", 6), ("810", 3))
_AGES = ((13, 10), (14, 10), (15, 12), (16, 12), (17, 11), (18, 8))


@dataclass(frozen=True)
class Plan:
    """What one story must show; what is left as None is drawn by chance."""

    age: int | None = None
    current: str | None = None
    lapse: str | None = None  # ok, due, lapsed
    birthday_in_days: int | None = None  # 18th birthday this many days from today
    send: bool | None = None
    gender: str | None = None
    missing: frozenset[str] = frozenset()  # guarantee, year9, lda
    withdrawn: bool = False  # a Guarantee offer, then a later status of no offer
    leaver: str | None = None  # contacted, not_contacted
    plan: str | None = None  # ok, overdue
    referral: str | None = None  # follow_up, closed, signposting, waiting
    custody: bool = False
    refused: bool = False
    safety: bool = False
    caf: bool = False


# The first people of every demo: together they put someone on every work list and in
# every activity group, whatever the size of the demo.
SCENARIOS = (
    Plan(age=16, current="619", plan="ok"),
    Plan(age=17, current="630"), Plan(age=17, current="620"),
    Plan(age=17, current="650", gender="F"),
    Plan(age=16, current="810"), Plan(age=17, current="820"), Plan(age=18, current="830"),
    Plan(age=13, current="110", send=True, missing=frozenset({"year9"})),
    Plan(age=15, current="110", send=True, missing=frozenset({"lda", "guarantee"})),
    Plan(age=15, current="110", missing=frozenset({"guarantee"})),
    Plan(age=17, current="230", lapse="lapsed"), Plan(age=17, current="619", lapse="lapsed"),
    Plan(age=16, current="610", lapse="due"), Plan(age=18, current="330", lapse="due"),
    Plan(age=17, current="220", birthday_in_days=20),
    Plan(age=16, current="210", referral="follow_up"),
    Plan(age=17, current="310", plan="overdue"),
    Plan(age=16, current="230", leaver="not_contacted"),
    Plan(age=14, custody=True), Plan(age=16, custody=True), Plan(age=18, custody=True),
    Plan(age=20, current="280", send=True), Plan(age=21, current="460", send=True),
    Plan(age=18, current="440"), Plan(age=18, current="260"), Plan(age=18, current="350"),
    Plan(age=17, current="616"), Plan(age=18, current="240"), Plan(age=16, current="410"),
    Plan(age=14, current="120"),
    Plan(age=17, current="640", refused=True, safety=True, caf=True, referral="closed"),
    # Counted as not known: a Year 11 code kept into Year 12 or 13, lapsed records not NEET.
    Plan(age=16, current="110"), Plan(age=16, current="140"), Plan(age=17, current="110"),
    Plan(age=16, current="330", lapse="lapsed"), Plan(age=18, custody=True, lapse="lapsed"),
    # No September Guarantee offer: the latest status says so.
    Plan(age=15, withdrawn=True), Plan(age=16, withdrawn=True),
)


@dataclass
class Story:
    """One person's values (not yet validated) and every row that hangs off them."""

    id: uuid.UUID
    person: dict[str, Any]
    activities: list[dict[str, Any]]
    rows: list[Row] = field(default_factory=list)
    characteristics: list[tuple[str, dt.date, dt.date | None]] = field(default_factory=list)

    def characteristics_on(self, on: dt.date) -> set[str]:
        """Characteristic codes current on a date."""
        return {code for code, start, end in self.characteristics
                if start <= on and (end is None or end >= on)}


class StoryMaker:
    """Makes story number `index` from the shared random stream; call in index order."""

    def __init__(self, ctx: Context, rng: random.Random, *, contacts: int,
                 activities: int) -> None:
        self._rng, self._policy, self._today = rng, ctx.policy, ctx.today()
        self._year = rules.academic_year_start(self._today).year
        self._contacts, self._activities = contacts, max(1, activities)
        self._codes = Codes.load(ctx.codebook, self._today)
        self._new_id = DemoIds(rng)
        self._rows = RowMaker(rng, self._new_id, self._codes, self._today, ctx.actor.adviser_id,
                              ctx.policy)
        self._ccis_base = rng.randrange(10**7) * 100
        self._entries = {e.code: e for e in ctx.codebook.codes("activity", self._today)}
        self._pools = {name: _cumulative(pool, self._entries) for name, pool in (
            ("compulsory", _COMPULSORY), ("post16", _POST16), ("adult", _ADULT),
            ("past_post16", _PAST_POST16), ("past_adult", _PAST_ADULT))}
        self._ages = _cumulative(_AGES, None)

    def story(self, index: int) -> Story:
        """The story of person `index` (scenarios first, then chance)."""
        plan = SCENARIOS[index] if index < len(SCENARIOS) else self._random_plan()
        facts = self._facts(plan)
        story = Story(facts.id, {}, self._timeline(facts, plan))
        self._characteristics(story, facts)
        story.person = self._person(facts, plan, index)
        self._add_rows(story, facts, plan)
        return story

    # --- who they are ---------------------------------------------------------------------

    def _random_plan(self) -> Plan:
        rng = self._rng
        roll = rng.random()
        if roll < 0.05:
            return Plan(age=rng.randint(19, 24), send=True)
        return Plan(custody=roll < 0.056, refused=rng.random() < 0.03,
                    safety=rng.random() < 0.02, caf=rng.random() < 0.03)

    def _facts(self, plan: Plan) -> Facts:
        rng = self._rng
        age = plan.age if plan.age is not None else _draw(rng, self._ages)
        dob = between(rng, dt.date(self._year - age - 1, 9, 1), dt.date(self._year - age, 8, 31))
        if plan.birthday_in_days is not None:
            dob = rules.add_months(self._today + plan.birthday_in_days * DAY, -18 * 12)
        gender = plan.gender or rng.choices("FMUW", (48, 48, 2, 2))[0]
        send = plan.send if plan.send is not None else age >= 19 or rng.random() < 0.12
        seen = max(rules.birthday(dob, 13), self._today - 700 * DAY)
        return Facts(id=self._new_id(), dob=dob, age=age, gender=gender, send=send,
                     given=words.given_name(rng, gender), family=words.family_name(rng),
                     first_seen=min(seen, self._today - 60 * DAY), refused=plan.refused,
                     la=self._codes.la, year_start=dt.date(self._year, 9, 1))

    def _person(self, f: Facts, plan: Plan, index: int) -> dict[str, Any]:
        rng, today = self._rng, self._today
        school = rng.randrange(len(words.SCHOOLS))
        values: dict[str, Any] = {
            "ccis_id": f"444{self._ccis_base + index:010d}", "upn": self._upn(f, school),
            "uln": self._uln(), "given_name": f.given, "family_name": f.family,
            "middle_name": rng.choice(words.MIDDLE) if rng.random() < 0.3 else None,
            "preferred_name": rng.choice(words.GIVEN_ANY) if rng.random() < 0.04 else None,
            "date_of_birth": f.dob, "gender": f.gender,
            "ethnicity": rng.choice(self._codes.ethnicity), "address_line1": words.street(rng),
            "town": rng.choice(words.TOWNS), "postcode": words.postcode(rng),
            "establishment_number": f"{f.la}{4001 + school}",
            "school_name": words.SCHOOLS[school], "lead_la": f.la, "educated_la": f.la,
            "la_at_year_11": f.la if f.age >= 16 else None, "send": f.send,
            "sen_support": not f.send and rng.random() < 0.12, "cohort_status": "P",
            "adviser_id": self._rows.adviser_id, "confidentiality_explained_on": f.first_seen,
            "leaver_notified_on": self._leaver_date(f, plan)}
        if rng.random() < 0.85:
            values["phone"] = words.phone(rng)
            values["phone_verified_on"] = between(rng, f.first_seen, today)
        if rng.random() < 0.6:
            values["email"] = words.email(f.given, f.family, rng)
        values.update(self._transition_dates(f, plan, values["sen_support"]))
        return values

    def _upn(self, f: Facts, school: int) -> str:
        body = (f"{f.la}{4001 + school}{(f.dob.year + 5) % 100:02d}"
                f"{self._rng.randrange(1000):03d}")
        return identifiers.upn_check_letter(body) + body

    def _uln(self) -> str:
        while True:
            nine = str(self._rng.randrange(10**8, 10**9))
            digit = identifiers.uln_check_digit(nine)
            if digit is not None:
                return nine + str(digit)

    def _transition_dates(self, f: Facts, plan: Plan, sen_support: bool,
                          ) -> dict[str, dt.date | None]:
        rng, today = self._rng, self._today
        year9, year11 = self._sept(f, 13), self._sept(f, 15)
        reviewed = f.send and "year9" not in plan.missing and year9 < today
        assessed = (f.send or sen_support) and "lda" not in plan.missing and (
            f.age >= 16 or (f.age == 15 and rng.random() < 0.3))
        assessed_on = between(rng, year11, min(year11 + 250 * DAY, today)) if assessed else None
        eighteenth = rules.birthday(f.dob, 18)
        if assessed and eighteenth <= today and rng.random() < 0.5:  # reviewed in the 19th year
            assessed_on = between(rng, eighteenth, min(eighteenth + 200 * DAY, today))
        return {"year_9_review_attended_on":
                between(rng, year9, min(year9 + 200 * DAY, today)) if reviewed else None,
                "lda_completed_on": assessed_on}

    def _leaver_date(self, f: Facts, plan: Plan) -> dt.date | None:
        rng, today = self._rng, self._today
        if plan.leaver == "not_contacted":
            return today - rng.randint(10, 30) * DAY
        if plan.leaver or (f.age >= 16 and rng.random() < 0.06):
            return between(rng, max(self._sept(f, 16), today - 200 * DAY), today - 10 * DAY)
        return None

    # --- activity history -----------------------------------------------------------------

    def _timeline(self, f: Facts, plan: Plan) -> list[dict[str, Any]]:
        current = self._current(f, plan)
        history, later = [current], current["start_date"]
        for _ in range(self._rng.randint(1, 2 * self._activities - 1) - 1):
            start = later - self._rng.randint(90, 330) * DAY
            if rules.academic_age(f.dob, start) < 11:
                break
            history.append(self._activity(f, self._past_code(f, start), start, later))
            later = start
        history.reverse()
        self._set_neet_starts(history)
        return history

    def _current(self, f: Facts, plan: Plan) -> dict[str, Any]:
        code = self._fit(f, plan.current or self._current_code(f, plan))
        earliest = self._earliest(f, code)
        lapse = plan.lapse or self._rng.choices(("ok", "due", "lapsed"), (85, 6, 9))[0]
        verified = self._verified(self._entries[code], lapse)
        if verified < earliest:
            verified = max(self._verified(self._entries[code], "ok"), earliest)
        if self._entries[code].attrs.get("compulsory_age_only"):  # kept past Year 11, maybe
            verified = min(verified, self._sept(f, rules.FIRST_POST16_ACADEMIC_AGE) - DAY)
        row = self._activity(f, code, self._current_start(code, earliest, verified), None)
        row["date_ascertained"] = min(row["date_ascertained"], verified)
        row["date_verified"] = verified if self._rng.random() < 0.85 else None
        if row["date_verified"] is None:
            row["date_ascertained"] = verified
        return row

    def _current_code(self, f: Facts, plan: Plan) -> str:
        if plan.custody:
            return next(code for top, code in CUSTODY_BY_AGE if f.age <= top)
        pool = "compulsory" if f.age <= 15 else "post16" if f.age <= 17 else "adult"
        return str(_draw(self._rng, self._pools[pool]))

    def _past_code(self, f: Facts, start: dt.date) -> str:
        age = rules.academic_age(f.dob, start)
        pool = "compulsory" if age <= 15 else "past_post16" if age <= 17 else "past_adult"
        return self._fit(f, str(_draw(self._rng, self._pools[pool])))

    def _fit(self, f: Facts, code: str) -> str:
        entry = self._entries[code]
        needed = self._codes.characteristic_gender.get(str(entry.attrs.get("needs_characteristic")))
        if (entry.attrs.get("send_only") and not f.send) or (needed and needed == f.gender):
            return INSTEAD[code]
        return code

    def _earliest(self, f: Facts, code: str) -> dt.date:
        """The first day this code may start for this person (by academic age)."""
        attrs = self._entries[code].attrs
        if attrs.get("compulsory_age_only"):
            return self._sept(f, min(f.age, rules.LAST_COMPULSORY_ACADEMIC_AGE))
        barred = attrs.get("not_for_academic_ages", ())
        youngest = 18 if code in ADULT_CODES or 17 in barred else rules.FIRST_POST16_ACADEMIC_AGE
        return self._sept(f, youngest)

    def _verified(self, entry: CodeEntry, lapse: str) -> dt.date:
        """A verification date giving the lapse state asked for (ok, due soon, lapsed)."""
        today, rng = self._today, self._rng
        due = rules.due_to_lapse(entry, date_verified=today, date_ascertained=None,
                                 predicted_end=None, policy=self._policy)
        if due is None or lapse == "ok":
            room = 280 if due is None else min(280, (due - today).days - 60)
            return today - rng.randint(0, room) * DAY
        period = due - today
        if lapse == "due":
            return today - period + rng.randint(3, 20) * DAY
        return today - period - rng.randint(5, 60) * DAY

    def _current_start(self, code: str, earliest: dt.date, verified: dt.date) -> dt.date:
        september = dt.date(self._year, 9, 1)
        if self._is_course(code) and earliest <= september <= verified:
            return september
        return between(self._rng, max(earliest, verified - 240 * DAY), verified)

    def _activity(self, f: Facts, code: str, start: dt.date, later: dt.date | None,
                  ) -> dict[str, Any]:
        rng = self._rng
        last = min(later - DAY, self._today) if later else self._today
        ascertained = between(rng, start, min(start + 14 * DAY, last))
        row: dict[str, Any] = {
            "id": self._new_id(), "code": code, "start_date": start,
            "date_ascertained": ascertained,
            "date_verified": between(rng, ascertained, min(ascertained + 30 * DAY, last))}
        if self._entries[code].attrs.get("review_required"):
            row["review_date"] = start + rng.randint(60, 180) * DAY
        if self._is_course(code):
            row["predicted_end_date"] = later - DAY if later else self._course_end(start)
        row.update(self._rows.provider(code, f))
        return row

    def _is_course(self, code: str) -> bool:
        return self._entries[code].group in ("education", "training") or code == "310"

    def _course_end(self, start: dt.date) -> dt.date:
        end = dt.date(max(start.year, self._today.year), 7, 31)
        while end < self._today + 120 * DAY:
            end = end.replace(year=end.year + 1)
        return end

    def _set_neet_starts(self, history: list[dict[str, Any]]) -> None:
        """Each NEET activity gets the start of the unbroken NEET run it belongs to."""
        run_start: dt.date | None = None
        for row in history:
            if rules.is_neet(self._entries[row["code"]]):
                run_start = run_start or row["start_date"]
                row["neet_start_date"] = run_start
            else:
                run_start = None

    # --- what hangs off them --------------------------------------------------------------

    def _characteristics(self, story: Story, f: Facts) -> None:
        needs = [(self._entries[a["code"]].attrs.get("needs_characteristic"), a["start_date"])
                 for a in story.activities]
        if story.activities[-1]["code"] in (code for _, code in CUSTODY_BY_AGE):
            needs.append(("170", story.activities[-1]["start_date"]))
        for code, start in needs:
            if code and code not in story.characteristics_on(start - DAY):
                began = max(start - self._rng.randint(30, 300) * DAY, rules.birthday(f.dob, 13))
                story.characteristics.append((code, began, None))
        held = {code for code, _, _ in story.characteristics}
        story.characteristics += self._rows.random_characteristics(f, held)
        story.rows += self._rows.characteristic_rows(f, story.characteristics)

    def _add_rows(self, story: Story, f: Facts, plan: Plan) -> None:
        maker, rng, current = self._rows, self._rng, story.activities[-1]
        neet_start = current.get("neet_start_date")
        leaver = story.person["leaver_notified_on"]
        trigger = max((d for d in (leaver, neet_start) if d), default=None)
        quiet = plan.leaver == "not_contacted" or (trigger and rng.random() < 0.05)
        half = self._contacts // 2
        count = self._contacts + rng.randint(-half, half) if self._contacts else 0
        rows = maker.parents(f) + maker.consents(f)
        rows += maker.contacts(f, count, trigger, quiet_from=trigger if quiet else None)
        caf = maker.caf(f) if plan.caf or rng.random() < 0.02 else []
        assessed = rng.random() < 0.35
        planned = bool(plan.plan) or rng.random() < (0.85 if assessed else 0.2)
        need = rng.choices((1, 2, 3), (15, 35, 50))[0]
        rows += caf + (maker.assessment(f, need) if assessed else [])
        if planned:
            overdue = plan.plan == "overdue" or (not plan.plan and rng.random() < 0.08)
            rows += maker.action_plan(f, need, overdue=overdue)
        story.person["level_of_need"] = need if assessed or planned else None
        if plan.referral or rng.random() < 0.12:
            rows += maker.referral(f, plan.referral, caf[0][1] if caf else None)
        rows += maker.safety(f) if plan.safety else []
        if current["code"] in (code for _, code in CUSTODY_BY_AGE):
            rows += maker.custody(f, current["start_date"])
        rows += maker.destination_and_offers(f, "guarantee" in plan.missing, plan.withdrawn)
        story.rows += rows

    def _sept(self, f: Facts, age: int) -> dt.date:
        """The 1 September on which the person's academic age became `age`."""
        return dt.date(self._year - (f.age - age), 9, 1)


Pool = tuple[list[Any], list[float]]


def _cumulative(pool: tuple[tuple[Any, float], ...], known: dict[str, CodeEntry] | None) -> Pool:
    """Values and cumulative weights, leaving out codes the code book no longer has."""
    values, weights, total = [], [], 0.0
    for value, weight in pool:
        if known is None or value in known:
            total += weight
            values.append(value)
            weights.append(total)
    return values, weights


def _draw(rng: random.Random, pool: Pool) -> Any:
    return rng.choices(pool[0], cum_weights=pool[1])[0]
