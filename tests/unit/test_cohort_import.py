"""Cohort import: every row validated first, matching instead of duplicating, one transaction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cohort_rows import COLUMNS, make_uln, make_upn, person, write_csv
from sqlalchemy import func, select, text

from paclient.errors import ImportFileInvalid
from paclient.models import AuditEvent, Outbox, YoungPerson
from paclient.services.people.cohort_import import CohortImporter, ImportReport


def counts(store) -> tuple[int, int, int]:
    """(people, outbox entries, audit events)."""
    with store.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(model))
                     for model in (YoungPerson, Outbox, AuditEvent))


def audit_events(store, action: str) -> list[AuditEvent]:
    with store.read() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                    .order_by(AuditEvent.seq)))


def where(report: ImportReport) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.rule) for e in report.errors]


@pytest.fixture
def importer(services) -> CohortImporter:
    return CohortImporter(services.ctx)


# --- a valid file ---------------------------------------------------------------------------


def test_a_valid_file_creates_everyone_in_one_audited_import(importer, services, store,
                                                             tmp_path):
    before = counts(store)
    report = importer.run(write_csv(tmp_path, [person(1), person(2, send="Y"), person(3)]))

    assert (report.created, report.updated, report.unchanged, report.skipped) == (3, 0, 0, 0)
    assert report.errors == [] and not report.refused and not report.dry_run
    assert counts(store) == (before[0] + 3, before[1] + 3, before[2] + 4)  # 3 creates + import
    second = services.people.find(make_upn(2))
    assert (second.given_name, second.date_of_birth, second.send) == (
        "Ben", dt.date(2010, 9, 3), True)
    assert second.adviser_id == services.ctx.actor.adviser_id
    [summary] = audit_events(store, "import")
    assert summary.detail == {"created": 3, "updated": 0, "unchanged": 0, "skipped": 0}
    assert report.lines() == ["Created 3, updated 0, unchanged 0, skipped 0 (invalid)."]


def test_a_utf8_file_with_a_byte_order_mark_and_loose_headers_imports(importer, services,
                                                                      tmp_path):
    path = write_csv(tmp_path, [person(1)], bom=True)
    path.write_bytes(path.read_bytes().replace(b"upn,", b" UPN ,").replace(
        b"given_name", b"Given_Name"))
    report = importer.run(path)

    assert report.created == 1 and report.unknown_columns == []
    assert services.people.find(make_upn(1)).given_name == "Chloé"


def test_both_date_formats_are_read(importer, services, tmp_path):
    rows = [person(1, date_of_birth="14/03/2011"), person(2, date_of_birth="2011-03-15"),
            person(3, date_of_birth="1/4/2011")]
    importer.run(write_csv(tmp_path, rows))

    assert [services.people.find(make_upn(n)).date_of_birth for n in (1, 2, 3)] == [
        dt.date(2011, 3, 14), dt.date(2011, 3, 15), dt.date(2011, 4, 1)]


def test_flags_accept_yes_no_words_and_blank_means_no(importer, services, tmp_path):
    rows = [person(1, send="yes"), person(2, send="TRUE"), person(3, send="1"),
            person(4, send="no", sen_support="y"), person(5, send="", sen_support="")]
    importer.run(write_csv(tmp_path, rows))

    found = [services.people.find(make_upn(n)) for n in range(1, 6)]
    assert [(p.send, p.sen_support) for p in found] == [
        (True, False), (True, False), (True, False), (False, True), (False, False)]


def test_an_unknown_column_is_reported_and_ignored(importer, tmp_path):
    rows = [{**person(1), "shoe_size": "7"}]
    report = importer.run(write_csv(tmp_path, rows, columns=[*COLUMNS, "shoe_size"]))

    assert report.created == 1 and report.unknown_columns == ["shoe_size"]
    assert "Unknown columns ignored: shoe_size" in report.lines()


def test_empty_lines_are_skipped_and_rows_are_numbered_by_csv_line(importer, tmp_path):
    path = write_csv(tmp_path, [person(1), person(2), person(3, upn=bad_upn())])
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], "", lines[1], ",,,", lines[2], "", lines[3]]) + "\n",
                    encoding="utf-8")
    report = importer.run(path)

    assert where(report) == [(7, "upn", "upn_check_letter")]
    assert report.lines()[0] == "row 7, upn: has the wrong check letter [upn_check_letter]"


# --- invalid rows: listed by row, column and rule; nothing imported --------------------------


def bad_upn() -> str:
    good = make_upn(2)
    return ("B" if good[0] == "A" else "A") + good[1:]


def bad_uln() -> str:
    good = make_uln(2)
    return good[:9] + str((int(good[9]) + 1) % 10)


INVALID_CELLS = [
    ({"upn": bad_upn()}, "upn", "upn_check_letter"),
    ({"uln": bad_uln()}, "uln", "uln_check_digit"),
    ({"postcode": "ME14"}, "postcode", "postcode_format"),
    ({"date_of_birth": "31/02/2010"}, "date_of_birth", "date_format"),
    ({"date_of_birth": "2010/02/01"}, "date_of_birth", "date_format"),
    ({"gender": "X"}, "gender", "gender_code"),
    ({"send": "maybe"}, "send", "yes_no"),
    ({"send": "Y", "sen_support": "Y"}, "sen_support", "send_and_sen_support"),
]


@pytest.mark.parametrize(("cells", "column", "rule"), INVALID_CELLS,
                         ids=[f"{c}-{r}" for _, c, r in INVALID_CELLS])
def test_an_invalid_row_is_listed_and_nothing_is_imported(importer, store, tmp_path, cells,
                                                          column, rule):
    before = counts(store)
    report = importer.run(write_csv(tmp_path, [person(1), person(2, **cells), person(3)]))

    assert [(e.row, e.column) for e in report.errors] == [(3, column)]
    assert report.errors[0].rule == rule and report.errors[0].message
    assert report.refused and (report.created, report.updated, report.skipped) == (0, 0, 1)
    assert counts(store) == before
    assert report.lines()[-1].startswith("Nothing was imported: 1 row(s) have errors")


def test_every_problem_of_every_row_is_listed_together(importer, tmp_path):
    rows = [person(1, postcode="ME14", gender="X"), person(2),
            person(3, given_name="", date_of_birth="2010/02/01")]
    report = importer.run(write_csv(tmp_path, rows))

    assert where(report) == [(2, "gender", "gender_code"), (2, "postcode", "postcode_format"),
                             (4, "given_name", "required"),
                             (4, "date_of_birth", "date_format")]


def test_skip_invalid_imports_the_valid_rows_and_lists_the_rest(importer, services, store,
                                                                tmp_path):
    before = counts(store)
    rows = [person(1), person(2, upn=bad_upn()), person(3), person(4, postcode="ME14")]
    report = importer.run(write_csv(tmp_path, rows), skip_invalid=True)

    assert (report.created, report.skipped, report.refused) == (2, 2, False)
    assert [(e.row, e.column) for e in report.errors] == [(3, "upn"), (5, "postcode")]
    assert counts(store)[0] == before[0] + 2
    assert services.people.find(make_upn(3)).family_name == "Jonesd"
    [summary] = audit_events(store, "import")
    assert summary.detail["skipped"] == 2


def test_duplicates_within_the_file_are_row_errors(importer, store, tmp_path):
    before = counts(store)
    rows = [person(1), person(2, upn=make_upn(1)), person(3, uln=make_uln(1)),
            person(4, upn="", uln="", given_name="amira ", family_name="JONES e",
                   date_of_birth="2010-09-09")]
    rows[0] |= {"given_name": "Amira", "family_name": "Jones e", "date_of_birth": "09/09/2010"}
    report = importer.run(write_csv(tmp_path, rows))

    assert where(report) == [(3, "upn", "duplicate"), (4, "uln", "duplicate"),
                             (5, "date_of_birth", "duplicate")]
    assert report.errors[0].message == "same UPN as row 2"
    assert counts(store) == before


# --- dry run and re-import ----------------------------------------------------------------


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(importer, services, store,
                                                                tmp_path):
    existing = services.people.add_person(given_name="Ben", family_name="Jonesc",
                                          date_of_birth=dt.date(2010, 9, 3), upn=make_upn(2))
    before = counts(store)
    report = importer.run(write_csv(tmp_path, [person(1), person(2), person(3)]), dry_run=True)

    assert (report.created, report.updated, report.unchanged) == (2, 1, 0) and report.dry_run
    assert counts(store) == before
    assert services.people.get(existing.id, audited=False).postcode is None
    assert report.lines() == ["Would create 2, would update 1, unchanged 0, skipped 0 (invalid).",
                              "Dry run: nothing was written."]


def test_a_dry_run_of_an_invalid_file_lists_errors_and_writes_nothing(importer, store,
                                                                      tmp_path):
    before = counts(store)
    report = importer.run(write_csv(tmp_path, [person(1, gender="X")]), dry_run=True)

    assert where(report) == [(2, "gender", "gender_code")] and report.refused
    assert counts(store) == before


def test_importing_the_same_file_again_changes_nothing(importer, store, tmp_path):
    path = write_csv(tmp_path, [person(n) for n in range(1, 6)])
    importer.run(path)
    people, outbox, audit = counts(store)
    report = importer.run(path)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 5)
    assert counts(store) == (people, outbox, audit + 1)  # only the second "import" event
    assert audit_events(store, "import")[-1].detail == {
        "created": 0, "updated": 0, "unchanged": 5, "skipped": 0}


# --- matching existing people -------------------------------------------------------------


def add_existing(services, **values):
    base = {"given_name": "Ben", "family_name": "Jonesc", "date_of_birth": dt.date(2010, 9, 3),
            "address_line1": "2 High Street", "town": "Maidstone", "postcode": "ME14 1XX",
            "phone": "01622 000000", "gender": "M", "ethnicity": "WBRI", "lead_la": "886"}
    return services.people.add_person(**{**base, **values})


MATCHES = {
    "by UPN": ({"upn": make_upn(2)}, {"given_name": "Benjamin"}),
    "by ULN when no UPN": ({"uln": make_uln(2)}, {"upn": "", "family_name": "Jones-Cole"}),
    "by name and date of birth": ({}, {"upn": "", "uln": "", "given_name": "BEN",
                                       "family_name": "jonesc"}),
}


@pytest.mark.parametrize(("identifiers", "row_changes"), MATCHES.values(), ids=MATCHES)
def test_a_changed_address_updates_the_matched_person_and_is_audited(
        importer, services, store, tmp_path, identifiers, row_changes):
    existing = add_existing(services, **identifiers)
    people, outbox, _ = counts(store)
    row = person(2, address_line1="9 Mill Lane", postcode="me15 6aa", **row_changes)
    report = importer.run(write_csv(tmp_path, [row]))

    assert (report.created, report.updated) == (0, 1)
    after = services.people.get(existing.id, audited=False)
    assert (after.address_line1, after.postcode) == ("9 Mill Lane", "ME15 6AA")
    assert counts(store)[:2] == (people, outbox + 1)
    [update] = [e for e in audit_events(store, "update") if e.person_id == existing.id]
    assert "address_line1" in update.detail["fields"] and "postcode" in update.detail["fields"]
    assert "Mill" not in str(update.detail) and "ME15" not in str(update.detail)
    with store.read() as session:
        entry = session.scalars(select(Outbox).order_by(Outbox.seq.desc())).first()
    assert (entry.row_id, entry.op, entry.fields["postcode"]) == (existing.id, "update",
                                                                  "ME15 6AA")


def test_a_name_differing_only_in_case_is_matched_and_kept(importer, services, tmp_path):
    existing = add_existing(services, uln=make_uln(2))
    row = person(2, upn="", given_name="BEN", family_name="JONESC")
    report = importer.run(write_csv(tmp_path, [row]))

    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    after = services.people.get(existing.id, audited=False)
    assert (after.given_name, after.family_name) == ("Ben", "Jonesc")


def test_blank_cells_never_erase_existing_values(importer, services, tmp_path):
    existing = add_existing(services, upn=make_upn(2), email="ben@example.org",
                            sen_support=True)
    row = person(2, given_name="Ben", phone="", email="", send="", sen_support="",
                 address_line1="", town="", postcode="")
    report = importer.run(write_csv(tmp_path, [row], columns=[*COLUMNS, "email"]))

    after = services.people.get(existing.id, audited=False)
    assert (after.phone, after.email, after.sen_support) == (
        existing.phone, "ben@example.org", True)
    assert (after.address_line1, after.postcode) == ("2 High Street", "ME14 1XX")
    assert report.updated == 1  # the ULN was added; nothing was erased


def test_an_update_that_breaks_a_rule_with_the_stored_values_is_a_row_error(
        importer, services, store, tmp_path):
    add_existing(services, upn=make_upn(2), sen_support=True)
    before = counts(store)
    report = importer.run(write_csv(tmp_path, [person(2, send="Y", sen_support="")]))

    assert [(e.row, e.rule) for e in report.errors] == [(2, "send_and_sen_support")]
    assert counts(store) == before


def test_a_different_upn_on_record_is_never_replaced(importer, services, store, tmp_path):
    add_existing(services, upn=make_upn(7), uln=make_uln(2))
    before = counts(store)
    report = importer.run(write_csv(tmp_path, [person(2)]))

    assert where(report) == [(2, "upn", "identifier_conflict")]
    assert counts(store) == before


def test_two_rows_describing_one_person_on_record_are_a_duplicate(importer, services,
                                                                  tmp_path):
    add_existing(services, upn=make_upn(2), uln=make_uln(9))
    rows = [person(2, uln=""), person(5, upn="", uln=make_uln(9))]
    report = importer.run(write_csv(tmp_path, rows))

    assert where(report) == [(3, "(row)", "duplicate")]


# --- file-level problems ------------------------------------------------------------------


def test_file_level_problems_raise_import_file_invalid(importer, tmp_path):
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("given_name,family_name,date_of_birth\nChloé,Jones,01/09/2010\n"
                       .encode("latin-1"))
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes("given_name,family_name,date_of_birth\n".encode("utf-16"))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\xef\xbb\xbf\n\n")
    missing = write_csv(tmp_path, [person(1)], columns=["upn", "given_name", "family_name"],
                        name="missing.csv")
    cases = {tmp_path / "absent.csv": "no such file", latin1: "not UTF-8",
             utf16: "not UTF-8", empty: "no header row",
             missing: "required column(s) missing: date_of_birth"}
    for path, detail in cases.items():
        with pytest.raises(ImportFileInvalid) as caught:
            importer.run(path)
        assert caught.value.path == path and detail in caught.value.detail


# --- one transaction, and many rows --------------------------------------------------------


def test_a_failure_while_writing_leaves_nothing_behind(importer, services, store, tmp_path):
    existing = add_existing(services, upn=make_upn(2))
    before = counts(store)
    with store.write.begin() as session:  # the outbox refuses: the last step of the import
        session.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON outbox "
                             "BEGIN SELECT RAISE(ABORT, 'refused'); END"))
    with pytest.raises(Exception, match="refused"):
        importer.run(write_csv(tmp_path, [person(1), person(2, postcode="ME15 6AA")]))

    assert counts(store) == before
    assert services.people.get(existing.id, audited=False).postcode == "ME14 1XX"


def test_two_thousand_rows_import_then_update(importer, store, tmp_path):
    # how long this takes is measured by `make bench` (bench/bench_documents.py)
    rows = [person(n) for n in range(2000)]
    first = importer.run(write_csv(tmp_path, rows))
    rows = [{**row, "address_line1": "1 New Road"} for row in rows]
    second = importer.run(write_csv(tmp_path, rows, name="moved.csv"))

    assert (first.created, second.updated) == (2000, 2000)
    assert counts(store)[0] == 2000


# --- issue 14 finding 19: what Excel writes in other locales; codes in any case -------------


def _written_with(tmp_path, separator: str, rows: list[dict[str, str]], name: str) -> Path:
    lines = [separator.join(COLUMNS)] + [separator.join(row[c] for c in COLUMNS)
                                         for row in rows]
    path = tmp_path / name
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("separator", [";", "\t"], ids=["semicolons", "tabs"])
def test_a_file_with_semicolons_or_tabs_between_cells_imports(importer, services, tmp_path,
                                                              separator):
    rows = [person(1, address_line1="1; High Street"), person(2)]
    path = _written_with(tmp_path, separator, [person(1), person(2)], "excel.csv")
    if separator == ";":  # a cell holding the separator is quoted, as Excel does
        path.write_text(path.read_text().replace("1 High Street", '"1; High Street"'))
    report = importer.run(path)

    assert (report.created, report.errors, report.unknown_columns) == (2, [], [])
    stored = {p.family_name: p for p in services.caseload.rows()}
    assert set(stored) == {rows[0]["family_name"], rows[1]["family_name"]}
    first = services.people.get(stored[rows[0]["family_name"]].id, audited=False)
    assert first.address_line1 == ("1; High Street" if separator == ";" else "1 High Street")


def test_a_header_that_no_separator_reads_says_how_it_was_read(importer, tmp_path):
    path = tmp_path / "pipes.csv"
    path.write_text("given_name|family_name|date_of_birth\r\nAnn|Jones|01/09/2010\r\n")
    with pytest.raises(ImportFileInvalid) as caught:
        importer.run(path)
    assert "read with commas between columns" in caught.value.detail
    assert "semicolons and tabs are understood" in caught.value.sentence()


def test_codes_in_lower_case_are_read_in_upper_case(importer, services, tmp_path):
    row = person(1, gender="f", ethnicity="wbri", send="y", lead_la="886")
    report = importer.run(write_csv(tmp_path, [row]))

    assert (report.created, report.errors) == (1, [])
    [stored] = services.caseload.rows()
    details = services.people.get(stored.id, audited=False)
    assert (details.gender, details.ethnicity, details.send) == ("F", "WBRI", True)


# --- issue 14 finding 4: a refused row names the record on file; accents do not split ----


def test_a_row_matching_several_records_names_them(importer, services, tmp_path):
    from raw_rows import insert  # two records made before duplicates were refused

    ids = [insert(services, YoungPerson, given_name="Ben", family_name=f"Old{n}",
                  date_of_birth=dt.date(2010, 9, 3), upn=make_upn(2), gender="M",
                  adviser_id=services.ctx.actor.adviser_id) for n in range(2)]
    report = importer.run(write_csv(tmp_path, [person(2)]))

    [error] = report.errors
    assert error.rule == "ambiguous_match"
    assert all(person_id.hex[-8:] in error.message for person_id in ids)


def test_a_refused_update_names_the_record_it_matched(importer, services, tmp_path):
    existing = add_existing(services, upn=make_upn(7), uln=make_uln(2))
    report = importer.run(write_csv(tmp_path, [person(2)]))

    [error] = report.errors
    assert f"'paclient person show {existing.id.hex[-8:]}'" in error.message


def test_a_name_differing_only_in_accents_is_the_same_person(importer, services, tmp_path):
    existing = add_existing(services, given_name="Bén", family_name="Jönesc", upn=None)
    report = importer.run(write_csv(tmp_path, [person(2, upn="", uln="",
                                                      given_name="BEN")]))

    assert (report.created, report.updated + report.unchanged) == (0, 1)
    after = services.people.get(existing.id, audited=False)
    assert (after.given_name, after.family_name) == ("Bén", "Jönesc")


def test_a_row_matching_one_person_with_anothers_uln_is_refused(importer, services, store,
                                                               tmp_path):
    matched = add_existing(services, upn=make_upn(2))
    other = add_existing(services, given_name="Ann", uln=make_uln(2))
    before = counts(store)
    report = importer.run(write_csv(tmp_path, [person(2)]))  # UPN of one, ULN of the other

    assert where(report) == [(2, "uln", "duplicate_on_record")]
    message = report.errors[0].message
    assert matched.id.hex[-8:] in message and other.id.hex[-8:] in message
    assert counts(store) == before
