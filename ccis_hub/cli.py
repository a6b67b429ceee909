"""`ccis-hub`: run the hub and administer its accounts and devices.

Errors go to stderr as one plain sentence with exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import ipaddress
import logging
import os
import socket
import sys
import uuid
from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session

from ccis.authority import SETTINGS, default
from ccis_hub import accounts, authority
from ccis_hub.db import make_engine, make_sessions, migrate
from ccis_hub.errors import HubError
from ccis_hub.settings import db_url, from_env

ROLE_NAMES = {"adviser": "adviser", "team-leader": "team_leader", "team_leader": "team_leader",
              "admin": "admin"}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `ccis-hub` console script."""
    args = _parser().parse_args(argv)
    try:
        result: int = args.run(args)
    except HubError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ccis-hub", description="The local authority's hub.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", help="database URL (default: CCIS_HUB_DB, else SQLite in the "
                                 "user data folder or CCIS_HUB_HOME)")

    serve = commands.add_parser("serve", parents=[db], help="run the hub")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765, help="0: any free port")
    serve.add_argument("--trusted-proxy", action="append", default=[], type=_proxy_address,
                       metavar="ADDRESS",
                       help="a reverse proxy's address or network (repeatable): only requests "
                            "from it may name the client's address in X-Forwarded-For (off by "
                            "default, so a hub reached directly cannot be told a forged one)")
    serve.set_defaults(run=_serve)

    user = commands.add_parser("user", help="manage accounts").add_subparsers(required=True)
    add = user.add_parser("add", parents=[db], help="create an account")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=sorted(ROLE_NAMES))
    add.add_argument("--team")
    add.set_defaults(run=_user_add)
    for name, run, text in (("disable", _user_disable, "disable an account"),
                            ("passwd", _user_passwd, "set an account's password")):
        command = user.add_parser(name, parents=[db], help=text)
        command.add_argument("name")
        command.set_defaults(run=run)

    device = commands.add_parser("device", help="manage devices").add_subparsers(required=True)
    listing = device.add_parser("list", parents=[db], help="list devices")
    listing.add_argument("--user")
    listing.set_defaults(run=_device_list)
    revoke = device.add_parser("revoke", parents=[db], help="revoke a device (lost laptop)")
    revoke.add_argument("device_id")
    revoke.set_defaults(run=_device_revoke)

    settings = commands.add_parser(
        "settings", parents=[db], help="show or change the authority's settings",
        description="Show the authority's settings (its own LA code and the time rules), or "
        "change those given as KEY=VALUE; devices receive them at their next sync.")
    settings.add_argument("values", nargs="*", metavar="KEY=VALUE")
    settings.set_defaults(run=_settings)

    transfer = commands.add_parser("import-transfer", parents=[db],
                                   help="apply an offline transfer file, exactly like a push")
    transfer.add_argument("file")
    transfer.add_argument("--code", help="the file's one-time code (asked when not given)")
    transfer.set_defaults(run=_import_transfer)
    return parser


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from ccis_hub.app import create_app

    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(from_env(db_url(args.db)))
    listener = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((args.host, args.port))
    listener.listen(128)
    port = listener.getsockname()[1]
    print(f"listening on http://{args.host}:{port}", flush=True)
    proxies: list[str] = args.trusted_proxy
    if proxies:
        logging.getLogger(__name__).info("client addresses taken from the proxy at %s",
                                         ", ".join(proxies))
    # Spelled out, not left to uvicorn's defaults: those trust 127.0.0.1 (or FORWARDED_ALLOW_IPS)
    # even when no proxy is there, and the login throttle counts by the client's address.
    config = uvicorn.Config(app, log_config=None, access_log=False,
                            proxy_headers=bool(proxies), forwarded_allow_ips=proxies)
    uvicorn.Server(config).run(sockets=[listener])
    return 0


def _proxy_address(text: str) -> str:
    """An IP address or network, as given; anything else (a name, `*`) is refused."""
    try:
        return str(ipaddress.ip_network(text.strip(), strict=False))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an IP address or network (such as 127.0.0.1 or 10.0.0.0/24)"
        ) from None


def _with_session(args: argparse.Namespace, work: Callable[[Session], None]) -> None:
    engine = make_engine(db_url(args.db))
    try:
        migrate(engine)
        with make_sessions(engine, writer=True).begin() as session:
            work(session)
    finally:
        engine.dispose()


def _user_add(args: argparse.Namespace) -> int:
    password = _new_password()
    _with_session(args, lambda s: print(accounts.add_user(
        s, args.name, ROLE_NAMES[args.role], args.team, password)))
    return 0


def _user_disable(args: argparse.Namespace) -> int:
    _with_session(args, lambda s: accounts.set_disabled(s, args.name))
    return 0


def _user_passwd(args: argparse.Namespace) -> int:
    password = _new_password()
    _with_session(args, lambda s: accounts.set_password(s, args.name, password))
    return 0


def _device_list(args: argparse.Namespace) -> int:
    def show(session: Session) -> None:
        for d in accounts.list_devices(session, args.user):
            state = "revoked" if d.revoked else "active"
            print(f"{d.id}\t{d.username}\t{d.name}\t{d.created_at:%Y-%m-%d %H:%M}\t"
                  f"{d.last_seen_at:%Y-%m-%d %H:%M}\t{state}")

    _with_session(args, show)
    return 0


def _device_revoke(args: argparse.Namespace) -> int:
    try:
        device_id = uuid.UUID(args.device_id)
    except ValueError:
        raise HubError(2, "bad_id", "The device id is not a UUID.") from None
    _with_session(args, lambda s: accounts.revoke_device(s, device_id))
    return 0


def _settings(args: argparse.Namespace) -> int:
    pairs = [value.partition("=") for value in args.values]
    if any(not key or not sep for key, sep, _ in pairs):
        raise HubError(2, "bad_usage", "Give each setting as KEY=VALUE.")

    def show(session: Session) -> None:
        kept = authority.change(session, {k: v for k, _, v in pairs}, None) if pairs \
            else authority.read(session)
        for setting in SETTINGS:
            value = kept.get(setting.key, default(setting.key))
            mark = "" if setting.key in kept else "  (default)"
            print(f"{setting.key}={value or ''}\t{setting.meaning}{mark}")

    _with_session(args, show)
    return 0


def _import_transfer(args: argparse.Namespace) -> int:
    from ccis_hub.transfer_import import import_file

    code = args.code or os.environ.get("CCIS_HUB_TRANSFER_CODE") or getpass.getpass(
        "One-time code: ")
    _with_session(args, lambda s: print(import_file(s, args.file, code)))
    return 0


def _new_password() -> str:
    """The password from `CCIS_HUB_PASSWORD`, else asked twice at the terminal."""
    given = os.environ.get("CCIS_HUB_PASSWORD")
    if given:
        return given
    first = getpass.getpass("Password: ")
    if not first or first != getpass.getpass("Again: "):
        raise HubError(2, "password_mismatch", "The passwords are empty or do not match.")
    return first
