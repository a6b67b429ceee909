"""The versioned NCCIS code lists and their loader."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from stdnum.gb import upn as stdnum_upn

from ccis.codes import CodeBook, CodeBookError, UnknownCode, load_codebook, shipped_codes_dir

# DOMAIN §5.1, transcribed independently of the data files.
DOMAIN_ACTIVITIES = {
    "compulsory": "110 120 130 140 150",
    "education": "210 220 230 240 250 260 270 280 290",
    "employment": "310 320 330 340 350 360 380 381 550",
    "training": "410 430 440 450 460 530",
    "neet": "540 610 615 616 619",
    "neet_inactive": "620 630 640 650 660 670 680",
    "other": "710 720",
    "not_known": "810 820 830",
}
REPORTING = {"compulsory": "compulsory", "education": "EET", "employment": "EET",
             "training": "EET", "neet": "NEET", "neet_inactive": "NEET", "other": "other",
             "not_known": "not_known"}
IN_2016 = dt.date(2017, 1, 10)
IN_2015 = dt.date(2016, 1, 10)


@pytest.fixture(scope="module")
def book() -> CodeBook:
    return load_codebook()


def _codes(book: CodeBook, list_name: str, attr: str, on: dt.date = IN_2015) -> set[str]:
    return {e.code for e in book.codes(list_name, on) if e.attrs.get(attr)}


# --- the shipped files ------------------------------------------------------------------


def test_the_versions_ship_in_date_order(book: CodeBook) -> None:
    assert [(v.name, v.valid_from) for v in book.versions] == [
        ("2015-16", dt.date(2015, 9, 1)), ("2016-17", dt.date(2016, 9, 1)),
        ("2019-20", dt.date(2019, 4, 1)), ("2021-22", dt.date(2021, 4, 1)),
        ("2023-24", dt.date(2023, 4, 1))]


@pytest.mark.parametrize("group", sorted(DOMAIN_ACTIVITIES))
def test_every_domain_activity_has_its_group(book: CodeBook, group: str) -> None:
    for code in DOMAIN_ACTIVITIES[group].split():
        entry = book.entry("activity", code, IN_2015)
        assert entry is not None, code
        assert (entry.group, entry.reporting_group) == (group, REPORTING[group]), code


def test_no_activity_beyond_the_domain_list(book: CodeBook) -> None:
    expected = {c for codes in DOMAIN_ACTIVITIES.values() for c in codes.split()}
    assert {e.code for e in book.codes("activity", IN_2015)} == expected
    assert {e.code for e in book.codes("activity", IN_2016)} == expected - {"720"}


def test_activity_rule_attributes(book: CodeBook) -> None:
    assert _codes(book, "activity", "review_required") == {"260", "290", "350", "616", "710"}
    assert _codes(book, "activity", "send_only") == {"280", "460"}
    assert _codes(book, "activity", "compulsory_age_only") == {"110", "120", "130", "140",
                                                                "150"}
    needs = {e.code: e.attrs["needs_characteristic"] for e in book.codes("activity")
             if "needs_characteristic" in e.attrs}
    assert needs == {"620": "140", "630": "120", "650": "180"}
    assert book.activity("440").attrs["not_for_academic_ages"] == [16, 17]


def test_post16_marks_exactly_the_eet_codes(book: CodeBook) -> None:
    eet = {e.code for e in book.codes("activity") if e.reporting_group == "EET"}
    assert _codes(book, "activity", "post16", IN_2016) == eet
    assert all(c[0] in "2345" for c in eet)


def test_720_only_in_the_2015_lists(book: CodeBook) -> None:
    assert book.is_valid("activity", "720", IN_2015)
    assert not book.is_valid("activity", "720", IN_2016)
    assert book.years("activity", "720") == ["2015-16"]
    assert book.years("activity", "619") == ["2015-16", "2016-17", "2019-20", "2021-22",
                                             "2023-24"]


def test_dates_before_the_first_file_use_it(book: CodeBook) -> None:
    assert book.version_on(dt.date(2001, 1, 1)).name == "2015-16"
    assert book.is_valid("activity", "720", dt.date(2001, 1, 1))


def test_version_boundaries(book: CodeBook) -> None:
    assert book.version_on(dt.date(2016, 8, 31)).name == "2015-16"
    assert book.version_on(dt.date(2016, 9, 1)).name == "2016-17"
    assert book.version_on(None).name == "2023-24"


def test_characteristics(book: CodeBook) -> None:
    codes = [e.code for e in book.codes("characteristic")]
    assert codes == ["110", "120", "130", "140", "150", "160", "170", "180", "190", "200",
                     "210"]
    assert {e.code for e in book.codes("characteristic") if e.sensitive} == {
        "110", "150", "160", "170", "180", "210"}
    assert book.entry("characteristic", "180").attrs["not_with_gender"] == "M"  # type: ignore


@pytest.mark.parametrize(("list_name", "codes"), [
    ("level_of_need", "1 2 3"),
    ("gender", "F M U W"),
    ("ethnicity", ("WBRI WIRI WROM WOTH MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR "
                   "BOTH CHNE OOTH OARA REFU NOBT")),
    ("cohort_status", "P G A T E M D L"),
    ("intended_destination", "111 121 211 311 321 411 511 611"),
    ("guarantee_status", "110 114 115 120 122 123 124 140 150 151 153 154 159"),
    ("contact_method", "face_to_face phone text email video home_visit group"),
    ("contact_setting", "school college centre custody home outreach"),
    ("referral_service", ("camhs yot substance_misuse sexual_health housing social_care "
                          "jobcentre_plus nas learning_provider employer adult_guidance")),
    ("assessment_rating", "0 1 2 3"),
])
def test_small_lists(book: CodeBook, list_name: str, codes: str) -> None:
    assert [e.code for e in book.codes(list_name)] == codes.split()


def test_sensitive_services_factors_and_topics(book: CodeBook) -> None:
    assert _codes(book, "referral_service", "sensitive") == {"yot", "substance_misuse",
                                                             "sexual_health", "social_care"}
    assert _codes(book, "assessment_factor", "sensitive") == {"sexual_health",
                                                              "substance_use", "offending"}
    assert _codes(book, "topic", "sensitive") == {"substance_use", "sexual_health",
                                                  "offending", "pregnancy"}
    assert {"careers", "cv", "apprenticeships", "wellbeing"} <= {
        e.code for e in book.codes("topic")}


def test_eighteen_factors_in_three_areas(book: CodeBook) -> None:
    factors = book.codes("assessment_factor")
    assert len(factors) == 18
    areas = [e.attrs["area"] for e in factors]
    assert (areas.count("ete"), areas.count("personal"), areas.count("family")) == (6, 7, 5)


def test_la_codes_match_the_upn_la_numbers(book: CodeBook) -> None:
    english = {int(e.code) for e in book.codes("la", IN_2016) if not e.attrs.get("pseudo")}
    assert english == stdnum_upn._la_numbers  # python-stdnum's list, as it stood in 2016
    pseudo = [(e.code, e.label) for e in book.codes("la") if e.attrs.get("pseudo")]
    assert pseudo == [("000", "Abroad"), ("001", "Wales"), ("002", "Scotland"),
                      ("003", "Other UK"), ("004", "Unknown")]
    assert (book.label("la", "201"), book.label("la", "330"), book.label("la", "886")) == (
        "City of London", "Birmingham", "Kent")


def test_every_code_is_a_string_with_a_label(book: CodeBook) -> None:
    for name in book.list_names():
        for entry in book.entries(name):
            assert isinstance(entry.code, str) and entry.code
            assert entry.label.strip()


# --- lookups ----------------------------------------------------------------------------


def test_unknown_codes(book: CodeBook) -> None:
    assert book.entry("activity", "999") is None
    assert not book.is_valid("activity", "999", IN_2016)
    with pytest.raises(UnknownCode):
        book.activity("999")
    with pytest.raises(UnknownCode):
        book.label("gender", "X")
    with pytest.raises(UnknownCode):
        book.codes("no_such_list")


def test_undated_lookups_reach_retired_codes(book: CodeBook) -> None:
    assert book.entry("activity", "720") is not None
    assert book.entry("activity", "720", IN_2016) is None
    assert book.label("activity", "720").startswith("Refugee")
    assert "720" in {e.code for e in book.entries("activity")}
    assert "720" not in {e.code for e in book.codes("activity")}


def test_entries_are_immutable(book: CodeBook) -> None:
    entry = book.activity("620")
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.label = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        entry.attrs["needs_characteristic"] = "110"  # type: ignore[index]
    assert hash(entry) == hash(book.activity("620"))


def test_default_load_is_cached_and_found_from_the_package() -> None:
    assert load_codebook() is load_codebook()
    assert (shipped_codes_dir() / "nccis-2015.json").is_file()


# --- validation on load -----------------------------------------------------------------


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "codes"
    shutil.copytree(shipped_codes_dir(), target)
    return target


def _edit(path: Path, change: object) -> None:
    doc = json.loads(path.read_text())
    change(doc)  # type: ignore[operator]
    path.write_text(json.dumps(doc))


def test_a_copy_loads(tmp_path: Path) -> None:
    assert [v.name for v in load_codebook(_copy(tmp_path)).versions] == [
        "2015-16", "2016-17", "2019-20", "2021-22", "2023-24"]


def test_duplicate_code_is_rejected(tmp_path: Path) -> None:
    codes = _copy(tmp_path)
    _edit(codes / "nccis-2016.json",
          lambda d: d["lists"]["gender"].append({"code": "F", "label": "Again"}))
    with pytest.raises(CodeBookError, match="repeats code 'F'"):
        load_codebook(codes)


def test_missing_label_is_rejected(tmp_path: Path) -> None:
    codes = _copy(tmp_path)
    _edit(codes / "nccis-2015.json", lambda d: d["lists"]["gender"][0].pop("label"))
    with pytest.raises(CodeBookError, match=r"nccis-2015\.json.*'F' has no label"):
        load_codebook(codes)


def test_numeric_code_is_rejected(tmp_path: Path) -> None:
    codes = _copy(tmp_path)
    _edit(codes / "nccis-2015.json", lambda d: d["lists"]["gender"].append({"code": 5,
                                                                            "label": "Five"}))
    with pytest.raises(CodeBookError, match="codes are strings"):
        load_codebook(codes)


def test_unknown_activity_group_is_rejected(tmp_path: Path) -> None:
    codes = _copy(tmp_path)
    _edit(codes / "nccis-2016.json", lambda d: d["lists"]["activity"][0].update(group="x"))
    with pytest.raises(CodeBookError, match="unknown group"):
        load_codebook(codes)


def test_dangling_characteristic_reference_is_rejected(tmp_path: Path) -> None:
    codes = _copy(tmp_path)
    _edit(codes / "nccis-2016.json", lambda d: d["lists"]["characteristic"].pop(3))  # 140
    with pytest.raises(CodeBookError, match="needs characteristic '140'"):
        load_codebook(codes)


def test_two_files_from_the_same_day_are_rejected(tmp_path: Path) -> None:
    codes = _copy(tmp_path)
    _edit(codes / "nccis-2016.json", lambda d: d.update(valid_from="2015-09-01"))
    with pytest.raises(CodeBookError, match="valid from"):
        load_codebook(codes)


def test_bad_json_and_empty_folders_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(CodeBookError, match="no code list files"):
        load_codebook(tmp_path)
    (tmp_path / "broken.json").write_text("{")
    with pytest.raises(CodeBookError, match=r"broken\.json: cannot be read"):
        load_codebook(tmp_path)


def test_bad_date_is_rejected(tmp_path: Path) -> None:
    codes = _copy(tmp_path)
    _edit(codes / "nccis-2016.json", lambda d: d.update(valid_from="next year"))
    with pytest.raises(CodeBookError, match="is not a date"):
        load_codebook(codes)


# --- issue 14 finding 10: LA codes follow local government changes -----------------------

DAY = dt.timedelta(days=1)
LA_CHANGES = [  # (the day of the change, the codes that began, the codes that ended)
    (dt.date(2019, 4, 1), {"838", "839"}, {"835", "836", "837"}),
    (dt.date(2021, 4, 1), {"940", "941"}, {"928"}),
    (dt.date(2023, 4, 1), {"942", "943"}, {"909"}),
]


@pytest.mark.parametrize(("day", "began", "ended"), LA_CHANGES,
                         ids=[str(day) for day, _, _ in LA_CHANGES])
def test_la_codes_change_on_the_day_of_the_local_government_change(
        book: CodeBook, day: dt.date, began: set[str], ended: set[str]) -> None:
    for code in began:
        assert not book.is_valid("la", code, day - DAY), code
        assert book.is_valid("la", code, day) and book.is_valid("la", code, day + DAY), code
        assert book.span("la", code) == (day, None)
    for code in ended:
        assert book.is_valid("la", code, day - DAY), code
        assert not book.is_valid("la", code, day) and not book.is_valid("la", code, day + DAY)
        assert book.label("la", code)  # stored codes keep their names
    assert book.version_on(day - DAY).valid_from < day == book.version_on(day).valid_from


def test_an_la_is_valid_during_a_span_that_reaches_a_day_it_existed(book: CodeBook) -> None:
    year_11 = (dt.date(2018, 9, 1), dt.date(2019, 8, 31))  # across the Dorset change
    assert book.valid_during("la", "835", *year_11) and book.valid_during("la", "838", *year_11)
    assert not book.valid_during("la", "838", dt.date(2017, 9, 1), dt.date(2019, 3, 31))
    assert not book.valid_during("la", "835", dt.date(2019, 4, 1), dt.date(2020, 3, 31))
    assert book.span("la", "886") == (None, None)


def test_the_2019_20_lists(book: CodeBook) -> None:
    on = dt.date(2019, 9, 1)
    assert not book.is_valid("activity", "720", on)
    assert book.is_valid("guarantee_status", "124", on)
    for code in ("114", "115"):
        assert book.entry("guarantee_status", code, on).attrs["year_groups"] == [12]  # type: ignore[union-attr]


def test_newer_versions_state_only_their_changes(book: CodeBook) -> None:
    for name in ("nccis-2019.json", "nccis-2021.json", "nccis-2023.json"):
        doc = json.loads((shipped_codes_dir() / name).read_text())
        assert "lists" not in doc and set(doc["changes"]) == {"la"}
    old, new = book.versions[1].lists, book.versions[-1].lists
    assert set(new) == set(old)
    for name in set(old) - {"la"}:
        assert dict(new[name]) == dict(old[name]), name


def test_an_attribute_added_to_an_old_entry_carries_forward(tmp_path: Path) -> None:
    codes = _copy(tmp_path)

    def mark(doc: dict) -> None:
        [entry] = [e for e in doc["lists"]["topic"] if e["code"] == "housing"]
        entry["sensitive"] = True

    _edit(codes / "nccis-2016.json", mark)
    book = load_codebook(codes)
    assert all(book.entry("topic", "housing", v.valid_from).sensitive  # type: ignore[union-attr]
               for v in book.versions[1:])
    assert not book.entry("topic", "housing", IN_2015).sensitive  # type: ignore[union-attr]


def test_changes_can_change_an_entry_and_drop_an_attribute(tmp_path: Path) -> None:
    codes = _copy(tmp_path)
    _edit(codes / "nccis-2023.json", lambda d: d["changes"].update(activity={"change": [
        {"code": "260", "label": "Gap year", "review_required": None}]}))
    book = load_codebook(codes)
    now, before = book.activity("260"), book.entry("activity", "260", IN_2016)
    assert (now.label, now.group, "review_required" in now.attrs) == ("Gap year", "education",
                                                                       False)
    assert before is not None and before.attrs["review_required"] is True


@pytest.mark.parametrize(("change", "message"), [
    ({"la": {"remove": ["835"]}}, "cannot remove '835'"),
    ({"la": {"change": [{"code": "835", "label": "X"}]}}, "cannot change a code"),
    ({"la": {"add": [{"code": "886", "label": "Kent again"}]}}, "repeats code '886'"),
    ({"la": {"replace": []}}, "may only 'add', 'remove' or 'change'"),
    ({"la": {"add": {"code": "999"}}}, "'add' must be an array"),
    ({"gender": {"remove": ["F", "M", "U", "W"]}}, "leave the list empty"),
    ({"characteristic": {"remove": ["140"]}}, "needs characteristic '140'"),
])
def test_bad_changes_are_rejected(tmp_path: Path, change: dict, message: str) -> None:
    codes = _copy(tmp_path)
    _edit(codes / "nccis-2023.json", lambda d: d.update(changes=change))
    with pytest.raises(CodeBookError, match=rf"nccis-2023\.json.*{message}"):
        load_codebook(codes)


def test_the_earliest_file_holds_whole_lists_and_a_file_not_both(tmp_path: Path) -> None:
    codes = _copy(tmp_path)
    _edit(codes / "nccis-2023.json", lambda d: d.update(lists={"gender": []}))
    with pytest.raises(CodeBookError, match="either 'lists' or 'changes'"):
        load_codebook(codes)
    _edit(codes / "nccis-2023.json", lambda d: d.update(valid_from="2001-01-01") or
          d.pop("lists"))
    with pytest.raises(CodeBookError, match="earliest version must hold whole 'lists'"):
        load_codebook(codes)
