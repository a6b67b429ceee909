"""A local copy that no longer matches the hub (a row lost, a row the hub never had) is found
by the digest and replaced by a full re-download, swapped in only when complete."""

from __future__ import annotations

import uuid

import pytest
from devices import make_device
from sqlalchemy import delete, insert, select

from paclient.errors import HubUnreachable
from paclient.models import Contact
from paclient.services.demo.build import build_demo


def test_a_digest_mismatch_downloads_everything_again_and_repairs_the_copy(
        hub, tmp_path, file_keyring):
    adviser = make_device(tmp_path, "laptop-pa1", "pa1", hub.url)
    build_demo(adviser.services.ctx, people=6, contacts_per_person=3, seed=4)
    adviser.sync()
    leader = make_device(tmp_path, "laptop-tl1", "tl1", hub.url)
    assert leader.sync().digest_matched is True
    contacts = leader.count("contact")

    with leader.store.write.begin() as session:  # damage the copy behind sync's back
        lost, copied = session.execute(select(Contact.id).limit(2)).scalars().all()
        session.execute(delete(Contact).where(Contact.id == lost))
        row = session.execute(select(Contact.__table__).where(Contact.id == copied)).one()
        stray = uuid.uuid4()
        session.execute(insert(Contact.__table__).values({**row._asdict(), "id": stray}))

    # Cut off after the first re-download page: the copy must be left exactly as it was.
    pages = []

    def stop_hub_on_second_page(phase: str, done: int, _total: int | None) -> None:
        if phase == "redownload":
            pages.append(done)
            if len(pages) == 1:
                hub.kill()

    with pytest.raises(HubUnreachable):
        leader.sync(page_size=10, progress=stop_hub_on_second_page)
    assert stray in leader.ids("contact") and lost not in leader.ids("contact")

    hub.start()
    repaired = leader.sync(page_size=10)
    assert repaired.digest_matched is False and repaired.redownloaded is True
    ids = leader.ids("contact")
    assert lost in ids and stray not in ids and leader.count("contact") == contacts
    assert leader.sync().digest_matched is True
    adviser.close()
    leader.close()
