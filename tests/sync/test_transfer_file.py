"""The offline transfer file: opens only with its code, any damage shows, nothing in clear."""

from __future__ import annotations

import re

import pytest

from ccis import device_keys, transfer_file
from ccis.errors import TransferFileInvalid

CHANGES = [{"change_id": "0190f0e2-0000-7000-8000-000000000001", "table": "young_person",
            "row_id": "0190f0e2-0000-7000-8000-000000000002", "op": "insert",
            "fields": {"given_name": "Zainab", "family_name": "Transferfile"},
            "base_rev": None}]
KEY = device_keys.new_private_key()
DEVICE = "0190f0e2-0000-7000-8000-0000000000aa"


def _seal(code):
    return transfer_file.seal(CHANGES, username="pa.test", device_id=DEVICE,
                              device_name="laptop-7", signing_key=KEY, code=code)


def test_a_file_opens_with_its_code_however_it_is_typed(tmp_path):
    path = tmp_path / "out.pacsync"
    code = transfer_file.new_code()
    path.write_bytes(_seal(code))
    typed = code.lower().replace("-", " ")
    payload = transfer_file.read(path, typed)
    assert (payload.username, payload.device_id, payload.device_name, payload.changes) == (
        "pa.test", DEVICE, "laptop-7", CHANGES)
    assert payload.signed_by(device_keys.public_key(KEY))
    assert not payload.signed_by(device_keys.public_key(device_keys.new_private_key()))
    assert [p.name for p in tmp_path.iterdir()] == ["out.pacsync"]  # no temporary file left


def test_nothing_readable_is_in_the_file(tmp_path):
    path = tmp_path / "out.pacsync"
    path.write_bytes(_seal(transfer_file.new_code()))
    data = path.read_bytes()
    for text in (b"Zainab", b"Transferfile", b"pa.test", b"laptop-7", b"young_person"):
        assert text not in data


def test_codes_are_four_groups_of_four_unambiguous_characters_and_differ():
    codes = {transfer_file.new_code() for _ in range(50)}
    assert len(codes) == 50
    assert all(re.fullmatch(r"([A-HJKMNP-TV-Z2-9]{4}-){3}[A-HJKMNP-TV-Z2-9]{4}", c)
               for c in codes)


def test_a_wrong_code_is_refused(tmp_path):
    path = tmp_path / "out.pacsync"
    path.write_bytes(_seal(transfer_file.new_code()))
    with pytest.raises(TransferFileInvalid):
        transfer_file.read(path, transfer_file.new_code())
    with pytest.raises(TransferFileInvalid):
        transfer_file.read(path, "not a code")


@pytest.mark.parametrize("where", ["magic", "header", "body", "tail", "truncated"])
def test_any_damage_is_refused(tmp_path, where):
    path = tmp_path / "out.pacsync"
    code = transfer_file.new_code()
    path.write_bytes(_seal(code))
    data = bytearray(path.read_bytes())
    header_end = len(transfer_file.MAGIC) + 4 + int.from_bytes(
        data[len(transfer_file.MAGIC):len(transfer_file.MAGIC) + 4], "big")
    if where == "truncated":
        data = data[:-5]
    else:
        index = {"magic": 2, "header": header_end - 3, "body": header_end + 5,
                 "tail": len(data) - 1}[where]
        data[index] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(TransferFileInvalid):
        transfer_file.read(path, code)
