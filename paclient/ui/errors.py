"""The one error presenter: expected errors become a sentence, anything else is logged."""

from __future__ import annotations

import logging
import traceback

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from ccis.errors import ExpectedError, TransferFileInvalid, ValidationError, ValidationErrors
from paclient.errors import (
    AmbiguousKey,
    BackupInvalid,
    ChangeNotDiscardable,
    ConflictAlreadyResolved,
    DeviceErased,
    DeviceNotRegistered,
    DeviceRevoked,
    DisplayMissing,
    DuplicatePerson,
    HubAddressMissing,
    HubAuthFailed,
    HubProtocolError,
    HubRefused,
    HubUnreachable,
    ImportFileInvalid,
    KeyringUnavailable,
    LetterheadMissing,
    MigrationFailed,
    NoteLocked,
    NotFound,
    OutputNotWritten,
    PassphraseRequired,
    PrinterFailed,
    ResourceMissing,
    SharingRefused,
    StoreCorrupted,
    StoreExists,
    StoreFolderUnusable,
    StoreLocked,
    StoreMissing,
    StoreTooNew,
    WeakPassphrase,
    WrongPassphrase,
)

log = logging.getLogger(__name__)

translate = QCoreApplication.translate


def describe(exc: ExpectedError) -> str:
    """User-facing text for an expected error, in the current UI language."""
    return (_describe_store(exc) or _describe_casework(exc) or _describe_sync(exc)
            or translate("errors", "The action could not be completed."))


def show_error(parent: QWidget | None, exc: Exception) -> None:
    """The only place that turns an exception into a dialog."""
    if isinstance(exc, ExpectedError):
        box = QMessageBox(QMessageBox.Icon.Warning, translate("errors", "Cannot complete action"),
                          describe(exc), parent=parent)
        box.exec()
        return
    log.error("Unexpected error %s", type(exc).__name__, exc_info=exc)
    box = QMessageBox(QMessageBox.Icon.Critical, translate("errors", "Unexpected error"),
                      translate("errors", "Something went wrong. Details are in the log."),
                      parent=parent)
    box.setDetailedText("".join(traceback.format_exception(exc)))
    box.exec()


def _describe_store(exc: ExpectedError) -> str | None:
    match exc:
        case StoreMissing(home=home):
            return translate("errors", "There is no store in {0} yet: create one with "
                             "'paclient init'.").format(home)
        case StoreExists(home=home):
            return translate("errors", "A store already exists in {0}; nothing was changed."
                             ).format(home)
        case WrongPassphrase(failures=failures):
            return translate("errors", "The passphrase is wrong (%n failed tries in a row).",
                             None, failures)
        case PassphraseRequired():
            return translate("errors", "Type the passphrase to open the store.")
        case WeakPassphrase(minimum=minimum):
            return translate("errors", "The passphrase is too short: use at least %n "
                             "characters.", None, minimum)
        case StoreCorrupted(path=path):
            return translate("errors", "The store {0} is damaged and cannot be read. Restore "
                             "it from a backup.").format(path)
        case StoreFolderUnusable(home=home):
            return translate("errors", "A store cannot be made in {0}: choose a folder you "
                             "can write to. Nothing was left there.").format(home)
        case StoreTooNew():
            return translate("errors", "This store was made by a newer version of paclient: "
                             "install that version or a later one to open it. The store was "
                             "not changed.")
        case MigrationFailed(detail=detail):
            return translate("errors", "The store could not be updated for this version of "
                             "paclient ({0}); it was put back as it was.").format(detail)
        case BackupInvalid(path=path, detail=detail):
            return translate("errors", "The backup {0} cannot be used ({1}); nothing was "
                             "replaced.").format(path, detail)
        case StoreLocked():
            return translate("errors", "The store is locked: unlock it with your passphrase.")
        case KeyringUnavailable():
            return translate("errors", "No secure keyring is available on this computer: "
                             "use the passphrase instead.")
        case ResourceMissing(name=name):
            return translate("errors", "A file paclient needs ({0}) is missing or damaged: "
                             "ask for paclient to be installed again.").format(name)
        case DisplayMissing():
            return translate("errors", exc.sentence())
    return None


def _describe_casework(exc: ExpectedError) -> str | None:
    match exc:
        case ValidationError(field=field, message=message):
            return translate("errors", "{0}: {1}").format(field, message)
        case ValidationErrors(errors=errors):
            lines = "\n".join("• " + describe(error) for error in errors)
            return translate("errors", "Please correct:\n{0}").format(lines)
        case NotFound(kind=kind, key=key):
            return translate("errors", "No {0} matches “{1}”.").format(kind, key)
        case SharingRefused():
            return translate("errors", "This young person has refused information sharing, "
                             "so no referral that sends their data can be made.")
        case NoteLocked():
            return translate("errors", "Notes cannot be changed after the day they were "
                             "written: add an addendum instead.")
        case ImportFileInvalid(path=path, detail=detail):
            return translate("errors", "Cannot import {0}: {1}.").format(path, detail)
        case AmbiguousKey(kind=kind, key=key):
            return translate("errors", "More than one {0} matches “{1}”.").format(kind, key)
        case DuplicatePerson():
            return _describe_duplicate(exc)
    return _describe_printing(exc)


def _describe_duplicate(exc: DuplicatePerson) -> str:
    match exc.field:
        case "upn":
            return translate("errors", "A young person with this UPN is already on record: "
                             "open their record rather than making a second one.")
        case "uln":
            return translate("errors", "A young person with this ULN is already on record: "
                             "open their record rather than making a second one.")
        case "ccis_id":
            return translate("errors", "A young person with this CCIS id is already on "
                             "record: open their record rather than making a second one.")
    return translate("errors", "A young person with these names and this date of birth is "
                     "already on record: open their record rather than making a second one.")


def _describe_printing(exc: ExpectedError) -> str | None:
    match exc:
        case LetterheadMissing():
            return translate("errors", "Documents need the authority's name and address, "
                             "which are not set yet: set them with 'paclient letterhead'.")
        case OutputNotWritten(path=path, reason=reason):
            return translate("errors", "Could not write {0} ({1}); nothing was left there."
                             ).format(path, reason)
        case PrinterFailed(printer=printer):
            return translate("errors", "The printer {0} could not print the document."
                             ).format(printer)
    return None


SYNC_ERRORS = (HubAddressMissing, HubUnreachable, HubAuthFailed, DeviceRevoked, DeviceErased,
               DeviceNotRegistered, HubRefused, HubProtocolError, TransferFileInvalid,
               ChangeNotDiscardable, ConflictAlreadyResolved)


def _describe_sync(exc: ExpectedError) -> str | None:
    # Each sync error already says its sentence the way the command line prints it.
    return translate("errors", exc.sentence()) if isinstance(exc, SYNC_ERRORS) else None
