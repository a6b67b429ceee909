"""The subject access pack: everything held about one young person, as JSON and as a PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
from pdf_tools import inked_share, page_images, page_texts, pdf_text
from sqlalchemy import Column, ForeignKey, MetaData, String, Table, Uuid, update

from paclient.errors import NotFound, OutputNotWritten
from paclient.exports import subject_access as export_module
from paclient.exports.subject_access import export
from paclient.models import Approaching18Item, Base, Conflict, Contact, YoungPerson
from paclient.reports.subject_access import build
from paclient.services.bundle import Services
from paclient.services.casework.drafts import DraftService, draft_key
from paclient.services.documents.service import DocumentService
from paclient.services.documents.subject_access import SubjectAccess, held_links

DOB = dt.date(2010, 3, 1)
SENSITIVE_NOTE = "Talked about the sexual health clinic and how to book."
ADDENDUM = "Correction: the meeting was at the youth centre, not at school."
DELETED_NOTE = "A note entered on the wrong young person's record."
BOOKKEEPING = {"prev_hash", "hash", "seq", "rev"}


@pytest.fixture
def access(services: Services, documents: DocumentService) -> SubjectAccess:
    return services.subject_access


@pytest.fixture
def person(services: Services) -> uuid.UUID:
    return services.people.add_person(given_name="Ffion", family_name="Llewelyn",
                                      date_of_birth=DOB, gender="F", ethnicity="WBRI").id


def at(today: dt.date, days_ago: int, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour))


def contact(services: Services, person: uuid.UUID, when: dt.datetime, discussion: str,
            **values: object) -> uuid.UUID:
    return services.contacts.add_contact(person, occurred_at=when, method="face_to_face",
                                         setting="school", discussion=discussion,
                                         **values).id  # type: ignore[arg-type]


def tombstone(services: Services, model: type, row_id: uuid.UUID, when: dt.datetime) -> None:
    """Mark a row deleted, as a deletion synced from the hub does."""
    with services.ctx.write.begin() as session:
        session.execute(update(model).where(model.id == row_id).values(deleted_at=when))


def populate(services: Services, documents: DocumentService, person: uuid.UUID,
             today: dt.date) -> None:
    """A row in every table that holds rows about a person."""
    s, day = services, lambda n: today - dt.timedelta(days=n)
    first = contact(s, person, at(today, 20), "Careers talk about college courses.",
                    topics=["careers"], agreed="Visit the open day.")
    contact(s, person, at(today, 10), SENSITIVE_NOTE, topics=["sexual_health"])
    s.contacts.add_addendum(first, ADDENDUM)
    wrong = contact(s, person, at(today, 5), DELETED_NOTE)
    tombstone(s, Contact, wrong, at(today, 4))
    s.contacts.record_did_not_attend(person, occurred_at=at(today, 3), method="phone",
                                     setting="home")
    s.activities.record_activity(person, code="230", start_date=day(60),
                                 date_ascertained=day(60), provider_name="Testtown College")
    s.activities.set_intended_destination(person, "121", dt.date(2026, 1, 10))
    s.activities.record_guarantee_offer(person, year_group=11, status="110",
                                        recorded_on=dt.date(2026, 3, 1))
    s.safeguarding.add_characteristic(person, code="140", start_date=day(100))
    s.safeguarding.record_consent(person, purpose="referral", decision="given",
                                  given_by="young_person", recorded_on=day(30))
    s.safeguarding.add_warning(person, kind="lone_working", text="Meet in school only.",
                               start_date=day(30))
    s.safeguarding.add_parent_carer(person, name="Gwen Llewelyn", relationship="Mother")
    s.plans.record_assessment(person, assessed_on=day(15), level_of_need=2, summary="Needs help",
                              factors={"attainment": (1, "Behind in maths"),
                                       "sexual_health": (2, "Asked about clinics")})
    plan = s.plans.start_plan(person, started_on=day(15))
    s.plans.add_action(plan.id, description="Go to the college open day", owner="young_person",
                       due_on=day(-10))
    s.plans.record_review(plan.id, reviewed_on=day(2), progress="Open day booked")
    s.referrals.refer(person, service="camhs", sent_on=day(8), reason="Low mood")
    caf = s.referrals.open_caf(person, opened_on=day(12))
    s.referrals.add_caf_meeting(caf.id, held_on=day(6), attendees="PA, school nurse",
                                actions="Nurse to call home")
    s.referrals.review_caf(caf.id, reviewed_on=day(4), progress="Going to school again",
                           decision="continue")
    s.custody.admit(person, establishment="HMYOI Testmoor", admitted_on=day(1))
    s.people.get(person)  # opening the record is audited as a view
    documents.record_printed("activity-record", [person])
    DraftService(services.ctx).save(draft_key("contact", person), person,
                                    {"discussion": "A note still being typed."})
    with services.ctx.write.begin() as session:  # as a sync records one (paclient.sync)
        session.add(Conflict(table_name="young_person", row_id=person, person_id=person,
                             field="town", local_value={"value": "Leeds"},
                             remote_value={"value": "York"}, hub_rev=7))
        session.add(Approaching18Item(person_id=person, item="adult_guidance_given",
                                      done_on=day(1), updated_by="pa.other"))  # pulled


def body_text(pdf: bytes) -> str:
    """The text of every page without its header and footer, white space removed."""
    chrome = ("Testshire Council Youth Support", "Subject access pack", "Confidential:",
              "Printed ")
    lines = [line for page in page_texts(pdf) for line in page.splitlines()
             if not line.strip().startswith(chrome)]
    return "".join("".join(lines).split())


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _person_tables(metadata: MetaData) -> set[str]:
    """Worked out independently: tables with a person_id or a key to the person, and every
    table with a key to one of those, at any depth."""
    found = {"young_person"} | {t.name for t in metadata.tables.values()
                                if "person_id" in t.c or any(
                                    fk.column.table.name == "young_person"
                                    for fk in t.foreign_keys)}
    while True:
        more = {t.name for t in metadata.tables.values()
                if any(fk.column.table.name in found - {"young_person"} for fk in t.foreign_keys)}
        if more <= found:
            return found
        found |= more


# --- what is in the pack --------------------------------------------------------------------


def test_every_table_about_a_person_is_covered(services, documents, access, person, today):
    expected = _person_tables(Base.metadata)
    assert {link.table.name for link in held_links()} == expected
    assert {"addendum", "action", "review", "assessment_factor", "caf_meeting",
            "audit_event", "printed_document"} <= expected
    populate(services, documents, person, today)

    pack = access.gather(person)

    assert {t.name for t in pack.tables} == expected
    assert all(t.records for t in pack.tables), [t.name for t in pack.tables if not t.records]
    assert not {"outbox", "sync_state", "setting"} & {t.name for t in pack.tables}


def test_a_table_added_later_is_found_with_the_rows_hanging_off_it():
    metadata = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(metadata)
    Table("pet", metadata, Column("id", Uuid, primary_key=True),
          Column("owner", Uuid, ForeignKey("young_person.id")))
    Table("pet_visit", metadata, Column("id", Uuid, primary_key=True),
          Column("pet_id", Uuid, ForeignKey("pet.id")))
    Table("vet_bill", metadata, Column("id", Uuid, primary_key=True),
          Column("visit_id", Uuid, ForeignKey("pet_visit.id")), Column("note", String))

    links = {link.table.name: link for link in held_links(metadata)}

    assert set(links) == _person_tables(metadata)
    assert links["vet_bill"].parent is links["pet_visit"]
    assert links["pet_visit"].parent is links["pet"]
    assert links["pet"].column.name == "owner" and links["pet"].parent is None
    assert [*links][-1] == "audit_event"  # new kinds come before the audit trail


def test_the_json_holds_every_kind_of_row_deleted_and_sensitive_ones_too(
        services, documents, access, person, today, tmp_path):
    populate(services, documents, person, today)

    paths = export(access.gather(person), tmp_path / "out")

    short = person.hex[-8:]  # the short id `paclient people` shows
    assert [p.name for p in paths] == [f"subject-access-{short}-2026-11-22.json",
                                       f"subject-access-{short}-2026-11-22.pdf"]
    doc = read_json(paths[0])
    assert doc["person_id"] == str(person) and doc["generated_at"].endswith("Z")
    assert "sensitive" in doc["description"] and "deleted" in doc["description"]
    tables = doc["tables"]
    assert set(tables) == _person_tables(Base.metadata)
    notes = {c["discussion"]: c for c in tables["contact"]}
    assert notes[SENSITIVE_NOTE]["sensitive"] is True
    assert notes[DELETED_NOTE]["deleted_at"] == at(today, 4).isoformat() + "Z"
    assert notes[SENSITIVE_NOTE]["method"] == {"code": "face_to_face", "label": "Face to face"}
    assert notes[SENSITIVE_NOTE]["topics"] == [{"code": "sexual_health",
                                                "label": "Sexual health"}]
    assert sum(c["did_not_attend"] for c in tables["contact"]) == 1
    assert tables["addendum"][0]["text"] == ADDENDUM
    assert tables["young_person"][0]["ethnicity"]["label"] == "White British"
    assert tables["activity"][0]["code"]["label"].startswith("Full-time education")
    assert {f["factor"]["code"]: f["sensitive"] for f in tables["assessment_factor"]} == {
        "attainment": False, "sexual_health": True}
    assert tables["custody_episode"][0]["sensitive"] is True
    assert tables["printed_document"][0]["kind"] == "activity-record"
    actions = {e["action"] for e in tables["audit_event"]}
    assert {"create", "view", "print"} <= actions
    assert all(e["person_id"] == str(person) for e in tables["audit_event"])


def test_bookkeeping_is_left_out_of_the_json(services, documents, access, person, today,
                                             tmp_path):
    populate(services, documents, person, today)

    text = export(access.gather(person), tmp_path)[0].read_text(encoding="utf-8")

    keys = {k for rows in json.loads(text)["tables"].values() for row in rows for k in row}
    assert not keys & BOOKKEEPING
    assert "outbox" not in json.loads(text)["tables"]


def test_another_persons_rows_are_not_in_the_pack(services, documents, access, person, today):
    other = services.people.add_person(given_name="Other", family_name="Person",
                                       date_of_birth=DOB).id
    contact(services, other, at(today, 1), "Not about Ffion at all.")
    contact(services, person, at(today, 1), "About Ffion.")

    pack = access.gather(person)

    texts = [f.value for t in pack.tables for r in t.records for f in r.fields]
    assert "About Ffion." in texts and "Not about Ffion at all." not in texts
    people = [r for t in pack.tables if t.name == "young_person" for r in t.records]
    assert len(people) == 1 and people[0].id == str(person)


def test_an_unknown_person_is_not_found(access):
    with pytest.raises(NotFound):
        access.gather(uuid.uuid4())


def test_a_deleted_person_is_still_held_and_gets_a_pack(services, access, person, today):
    contact(services, person, at(today, 2), "Before the record was deleted.")
    tombstone(services, YoungPerson, person, at(today, 1))

    pack = access.gather(person)

    assert pack.header.person_name == "Ffion Llewelyn"
    assert pack.tables[0].records[0].deleted_at is not None
    assert "Deleted" in pdf_text(build(pack))


# --- the PDF --------------------------------------------------------------------------------


def test_the_pdf_has_the_sensitive_note_the_addendum_and_the_deleted_note(
        services, documents, access, person, today, tmp_path):
    populate(services, documents, person, today)

    pdf = export(access.gather(person), tmp_path)[1].read_bytes()

    text = pdf_text(pdf)
    flat = " ".join(text.split())
    assert SENSITIVE_NOTE in flat and ADDENDUM in flat and DELETED_NOTE in flat
    assert "Everything we hold about you" in text and "Nothing has been left out" in flat
    assert "Deleted 0" in flat or "Deleted 1" in flat  # the deleted note's heading
    assert "Sensitive" in text and "Face to face" in text
    assert "Added to Contact 1" in flat  # the addendum names the note it corrects
    assert "Who looked at or changed your record" in text
    assert "prev_hash" not in text and "Young person" not in text
    pages = page_images(pdf)
    assert all(inked_share(p) > 0.005 for p in pages)
    assert page_texts(pdf)[0].count("Page 1 of") == 1


def test_nothing_but_the_person_still_makes_a_pack(access, person):
    pack = access.gather(person)

    pdf = build(pack)

    assert {t.name for t in pack.tables if t.records} == {"young_person", "audit_event"}
    text = pdf_text(pdf)
    assert "Meetings, calls and notes" in text  # listed on the cover, with 0
    assert "None of your records is of this kind" in " ".join(text.split())
    assert all(inked_share(p) > 0.005 for p in page_images(pdf))


def test_hard_text_prints_literally_and_nothing_is_clipped(services, documents, access,
                                                           today):
    word = "Ŵ" + "y" * 298 + "ŷ"
    person = services.people.add_person(given_name=word[:100], family_name="Llŷr",
                                        date_of_birth=DOB).id
    scripts = "Ελληνικά · Русский текст · مرحبا بالعالم · Cymraeg: ŵ ŷ"
    markup = "<b>not bold</b> & <i>not italic</i> &amp; <br/>"
    long_note = " ".join(["A long note about the week."] * 180)  # about 5,000 characters
    contact(services, person, at(today, 1), markup, agreed=scripts, own_words=word)
    contact(services, person, at(today, 1), long_note)
    contact(services, person, at(today, 1), "x" * 5000)  # one 5,000-character word

    pdf = build(access.gather(person))

    flat = body_text(pdf)
    assert "".join(markup.split()) in flat
    for piece in ("Ελληνικά", "Русский", "Cymraeg:ŵŷ", word[:40], "x" * 200):
        assert piece in flat
    assert flat.count("Alongnoteabouttheweek.") == 180
    assert flat.count("x" * 5000) == 1  # wrapped over many lines, every character there
    assert all(inked_share(p) > 0.005 for p in page_images(pdf))


def test_five_hundred_contacts_render_with_the_audit_list_split_across_pages(
        services, documents, access, person, today):
    # how long this takes is measured by `make bench` (bench/bench_documents.py)
    for n in range(500):
        contact(services, person, at(today, n % 300, 9 + n % 8),
                f"Contact number {n}: talked about college, work and money.",
                agreed="Meet again next week.", topics=["careers"])

    pdf = build(access.gather(person))

    texts = page_texts(pdf)
    assert "Contact 500" in " ".join(texts)
    audit_pages = [t for t in texts if "Which record" in t]
    assert len(audit_pages) > 1  # the headings repeat on every page of the list


# --- writing the files ----------------------------------------------------------------------


def test_a_folder_that_cannot_be_made_gives_output_not_written(services, documents, access,
                                                              person, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    blocker = folder / "a-file"
    blocker.write_text("not a folder")

    with pytest.raises(OutputNotWritten) as raised:
        export(access.gather(person), blocker / "pack")

    assert [p.name for p in folder.iterdir()] == ["a-file"]
    assert "nothing was left there" in str(raised.value)


def test_when_the_pdf_cannot_be_written_the_json_is_removed(access, person, tmp_path,
                                                            monkeypatch):
    real = export_module.write_file

    def failing(path: Path, data: bytes) -> None:
        if path.suffix == ".pdf":
            raise OutputNotWritten(path, "disk full")
        real(path, data)

    monkeypatch.setattr(export_module, "write_file", failing)

    with pytest.raises(OutputNotWritten):
        export(access.gather(person), tmp_path / "out")

    assert list((tmp_path / "out").iterdir()) == []


def test_the_json_is_utf8_with_letters_kept(services, documents, access, tmp_path):
    person = services.people.add_person(given_name="Gwenllïan", family_name="Ŵyn",
                                        date_of_birth=DOB).id

    path = export(access.gather(person), tmp_path)[0]

    assert "Gwenllïan".encode() in path.read_bytes()
    assert read_json(path)["person_name"] == "Gwenllïan Ŵyn"


def test_the_pack_records_are_frozen(access, person):
    pack = access.gather(person)

    with pytest.raises(dataclasses.FrozenInstanceError):
        pack.tables = ()  # type: ignore[misc]
