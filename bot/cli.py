"""The `talentbot` command line. Exit codes: 0 success, 2 usage or configuration error, 1 anything else."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from bot import logs
from bot.config import load_config
from bot.errors import ConfigError
from bot.settings import Settings, load_settings

log = logging.getLogger("talentbot")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own exit code is 2 as well; keep one line
        self.print_usage(sys.stderr)
        print(f"talentbot: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="talentbot", description="AI-talent and AI-investment alerts for Slack and Discord")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("demo", help="offline demo on bundled sample news (what `make demo` runs)")
    run = sub.add_parser("run", help="the long-running bot")
    run.add_argument("--config", type=Path, help="config file (default: $TALENTBOT_CONFIG)")
    run.add_argument("--once", action="store_true", help="one poll-and-deliver cycle, then exit")
    run.add_argument("--console", action="store_true", help="read slash commands from stdin, print to stdout")
    classify = sub.add_parser("classify", help="classify JSON Lines items (stdin or a file)")
    classify.add_argument("path", nargs="?", default="-")
    ev = sub.add_parser("eval", help="score a labelled JSONL file")
    ev.add_argument("path", type=Path)
    poll = sub.add_parser("poll", help="poll every source once and print a status table")
    poll.add_argument("--config", type=Path)
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True, parser_class=_Parser)
    db_sub.add_parser("upgrade", help="apply pending migrations")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        logs.setup(settings.log_level, settings.log_format)
        return asyncio.run(_run(args, settings))
    except ConfigError as exc:
        print(f"talentbot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last line of defence: one line, with the trace in the log
        log.debug("fatal", exc_info=True)
        print(f"talentbot: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


async def _run(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "demo":
        from bot.demo import run_demo

        return await run_demo()
    if args.command == "classify":
        return _classify(args.path)
    if args.command == "eval":
        return _eval(args.path)
    if args.command == "db":
        from bot.store.db import Database

        db = Database(settings.database_url)
        await db.upgrade()
        await db.dispose()
        print("database is up to date")
        return 0
    config_path = args.config or settings.config_path
    config = load_config(
        config_path, missing_ok=args.config is None and config_path == Path("config/talentbot.toml")
    )
    if args.command == "poll":
        from bot.jobs.status import poll_with_progress

        return await poll_with_progress(settings, config)
    return await _serve(settings, config, once=args.once, console=args.console)


async def _serve(settings: Settings, config, *, once: bool, console: bool) -> int:  # type: ignore[no-untyped-def]
    from bot.app import App, Options
    from bot.chat.console_input import read_commands

    app = App(settings, config, options=Options(console=console, http=not once))
    if once:
        await app.prepare()
        try:
            await app.poll_all(force=False)
            await app.deliverer.drain()
        finally:
            await app.close()
        return 0
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await app.start()
    log.info("talentbot running", extra={"instance": app.owner, "sources": len(config.sources)})
    reader = asyncio.create_task(read_commands(app, stop)) if console else None
    try:
        await stop.wait()
    finally:
        log.info("shutting down")
        if reader is not None:
            reader.cancel()
        await app.stop()
    return 0


def _classify(path: str) -> int:
    from bot.classify.classifier import Classifier
    from bot.classify.evaluate import classify_lines
    from bot.domain.companies import CompanyRegistry

    classifier = Classifier(CompanyRegistry.load())
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115 - closed below
    try:
        for line in classify_lines(stream, classifier):
            sys.stdout.write(line + "\n")
    finally:
        if stream is not sys.stdin:
            stream.close()
    return 0


def _eval(path: Path) -> int:
    from bot.classify.classifier import Classifier
    from bot.classify.evaluate import evaluate, format_report
    from bot.domain.companies import CompanyRegistry

    if not path.exists():
        raise ConfigError(f"eval: no such file: {path}")
    classifier = Classifier(CompanyRegistry.load())
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(format_report(evaluate(lines, classifier)))
    return 0
