"""The `sv-desktop` command: opens the app, or runs a headless command on the same services.

Exit status is 0 on success; otherwise non-zero with a one-line reason on stderr. Every command raises
what went wrong as a UserFacingError (the product's errors all derive from it; a bad option is a
_UsageError) and `main` alone turns it into that line and the exit status. The commands reach the store,
the file formats and the reports through services only, the same service methods the desktop app calls.
Nothing here imports Qt unless the desktop app is being opened.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from sv_desktop import __version__
from sv_desktop.domain.errors import UserFacingError

EXIT_USAGE = 2
EXIT_FAILURE = 1


def _store_options() -> argparse.ArgumentParser:
    """Options that may stand before or after the command."""
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("store")
    group.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                       help="SQLite store file (default: $SV_DESKTOP_DB, else the per-user data folder)")
    group.add_argument("--database-url", metavar="URL", default=argparse.SUPPRESS,
                       help="any SQLAlchemy URL, e.g. postgresql+psycopg://user:pw@host/db for a shared store")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _store_options()
    parser = argparse.ArgumentParser(
        prog="sv-desktop",
        description="SV Desktop: plan, buy and monitor social value offline. "
        "Without a command, opens the desktop application.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"SV Desktop {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", parents=[common], help="fill the store with realistic demo data",
                               description="Fill the store with realistic, reproducible NHS-trust demo data. "
                               "Earlier demo contracts (references DEMO-...) are replaced; your own are kept.")
    demo.add_argument("--contracts", type=int, default=300, metavar="N", help="how many contracts (default 300)")
    demo.add_argument("--seed", type=int, default=2026, help="random seed, for the same data every time")

    catalogue = commands.add_parser("catalogue", parents=[common], help="list frameworks, outcomes and metrics",
                                    description="List the social value frameworks in the catalogue "
                                    "(shipped and local), with every outcome, criterion and metric.")
    catalogue.add_argument("--framework", metavar="ID", help="only this framework (e.g. ppn002)")
    catalogue.add_argument("--json", action="store_true", help="print JSON instead of an indented outline")
    _add_report_parser(commands, common)

    check = commands.add_parser("check", parents=[common], help="policy compliance of every contract",
                                description="Check every contract against the active policy profile (Settings): "
                                "each rule's verdict, reason and source, then a count per rule. Exit status is 0 "
                                "when the check ran, whatever it found.")
    check.add_argument("--json", action="store_true", help="print JSON instead of text")
    check.add_argument("--profile", metavar="ID", help="check against this profile instead (e.g. council)")
    check.add_argument("--failing", action="store_true", help="list only contracts that fail or warn")

    carbon = commands.add_parser("carbon", parents=[common], help="suppliers' carbon reduction plans and alerts",
                                 description="Every supplier's latest carbon reduction plan or Net Zero Commitment, "
                                 "checked as at today against the active policy profile: verdict, reasons and "
                                 "emissions trajectory; then the alerts (plans over 12 months old, contracts "
                                 "needing a plan whose supplier has none, failing plans).")
    carbon.add_argument("--json", action="store_true", help="print JSON instead of text")
    carbon.add_argument("--alerts", action="store_true", help="print only the alerts")
    _add_backup_parsers(commands, common)
    _add_export_parser(commands, common)
    _add_import_parser(commands, common)
    return parser


def _add_import_parser(commands, common: argparse.ArgumentParser) -> None:
    imports = commands.add_parser("import", parents=[common], help="read contracts, suppliers or spend from a file",
                                  description="Read data in from other files.")
    kinds = imports.add_subparsers(dest="import_kind", metavar="WHAT", required=True)
    contracts = kinds.add_parser("contracts", parents=[common],
                                 help="a contract register (.xlsx or .csv) or published notices (OCDS .json)",
                                 description="Import a contract register: the header row is found in the first 20 "
                                 "rows and its columns matched to contract fields; UK dates (dd/mm/yyyy) and "
                                 "amounts (£1,234,567.00, 1.2m, 250k) are accepted. All in one transaction: if any "
                                 "row is invalid nothing is imported (unless --skip-invalid). A reference already "
                                 "in the store updates that contract, changing only the fields the file has. "
                                 "A .json file is read as an OCDS release or record package (as Contracts Finder "
                                 "and Find a Tender download them): one contract per ocid, a newer release updating "
                                 "only the notice's own fields; every release skipped is listed with its reason.")
    contracts.add_argument("file", metavar="FILE", help="the .xlsx, .csv or OCDS .json file to read")
    contracts.add_argument("--buyer", metavar="NAME", action="append",
                           help="OCDS .json only: import only this buyer's notices (repeat for several buyers)")
    contracts.add_argument("--dry-run", action="store_true", help="check and count, but store nothing")
    contracts.add_argument("--skip-invalid", action="store_true",
                           help="import the valid rows and list every invalid row skipped")
    suppliers = kinds.add_parser("suppliers", parents=[common], help="a supplier list (.xlsx or .csv)",
                                 description="Import a supplier list into the supplier register: the header row "
                                 "is found in the first 20 rows and its columns matched to supplier fields (name, "
                                 "Companies House number, address, postcode, region, staff count, turnover, balance "
                                 "sheet total, VCSE, mutual, start-up, Modern Slavery statement URL, website, a "
                                 "contact's name, role, email and phone, notes). Yes/no columns take Y, yes, TRUE, "
                                 "1 or x for yes; N, no, FALSE, 0 or blank for no. A row is the supplier with the "
                                 "same Companies House number, else the same name, else a new supplier; only the "
                                 "fields the file has columns for change, and every row is checked as the supplier "
                                 "form checks it. All in one transaction: if any row is invalid nothing is imported "
                                 "(unless --skip-invalid).")
    spend = kinds.add_parser("spend", parents=[common], help="a finance system's spend extract (.xlsx or .csv)",
                             description="Import a spend extract for the local, SME and VCSE spend KPIs: one "
                             "invoice line per row with the supplier's name, the invoice date and the amount "
                             "(a credit note as -250.00, (250.00) or 250.00 CR), and optionally the supplier's "
                             "postcode, the invoice reference and a Companies House number. Each line is matched to "
                             "a supplier by Companies House number, then by name (case, punctuation and Ltd / "
                             "Limited / plc aside); lines that match none are stored without a supplier and listed. "
                             "Lines already imported from an earlier or overlapping extract are counted as "
                             "unchanged, not added twice. All in one transaction: if any line is invalid nothing "
                             "is imported (unless --skip-invalid).")
    for parser in (suppliers, spend):
        parser.add_argument("file", metavar="FILE", help="the .xlsx or .csv file to read")
        parser.add_argument("--dry-run", action="store_true", help="check and count, but store nothing")
        parser.add_argument("--skip-invalid", action="store_true",
                            help="import the valid rows and list every invalid row skipped")


def _add_export_parser(commands, common: argparse.ArgumentParser) -> None:
    export = commands.add_parser("export", parents=[common], help="write contracts to Excel (.xlsx) or CSV",
                                 description="Write data out for Excel: numbers, money and dates as typed cells; "
                                 "text a spreadsheet could run as a formula starts with an apostrophe.")
    kinds = export.add_subparsers(dest="export_kind", metavar="WHAT", required=True)
    contracts = kinds.add_parser("contracts", parents=[common], help="the pipeline, as its table shows it",
                                 description="The pipeline with the table's columns (policy compliance included), "
                                 "sorted by reference. The format follows the file name: .xlsx (a frozen header "
                                 "row) or .csv (UTF-8 with a byte-order mark, for Excel).")
    contracts.add_argument("file", metavar="FILE", help="the .xlsx or .csv file to write")
    contracts.add_argument("--stage", metavar="STAGE",
                           help="only this stage (e.g. tender or Delivery), or 'open' for all but closed and cancelled")
    contracts.add_argument("--category", metavar="ID", help="only this category, e.g. ddat or 'Estates & Facilities'")
    contracts.add_argument("--search", metavar="TEXT", default="",
                           help="only contracts containing every word (as the pipeline's search box)")


def _add_report_parser(commands, common: argparse.ArgumentParser) -> None:
    report = commands.add_parser("report", parents=[common],
                                 help="write a PDF report (committee pack, contract, evaluation)",
                                 description="Write a PDF report: the committee pack, one contract's report, or "
                                 "one contract's evaluation report.")
    kinds = report.add_subparsers(dest="report_kind", metavar="REPORT", required=True)
    pack = kinds.add_parser("pack", parents=[common], help="the committee pack",
                            description="The committee pack: cover, contents, summary, 12-month pipeline, "
                            "portfolio, register and sources. Contracts are included when their term overlaps "
                            "--from/--to; undated contracts are always included.")
    pack.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF file to write")
    pack.add_argument("--from", dest="date_from", metavar="DATE",
                      help="start of the date range (YYYY-MM-DD or DD/MM/YYYY)")
    pack.add_argument("--to", dest="date_to", metavar="DATE", help="end of the date range")
    pack.add_argument("--category", action="append", default=[], metavar="ID",
                      help="only this category (repeatable), e.g. ddat or 'Estates & Facilities'")
    pack.add_argument("--section", action="append", default=[], metavar="ID",
                      help="only this section (repeatable); sections: summary, pipeline, portfolio, register, "
                      "appendix and those later features add")
    pack.add_argument("--committee", metavar="TEXT", help="the committee's name (default: from settings)")
    pack.add_argument("--meeting-date", metavar="DATE",
                      help="the meeting date the pipeline counts from (default today)")
    contract = kinds.add_parser("contract", parents=[common], help="one contract's report",
                                description="Everything recorded about one contract.")
    contract.add_argument("reference", metavar="REF", help="the contract's reference")
    contract.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF file to write")
    evaluation = kinds.add_parser("evaluation", parents=[common], help="one contract's evaluation report",
                                  description="The evaluation panel of one contract: panel and declarations, "
                                  "criteria and scale, every member's scores and justifications, spread and "
                                  "outliers, consensus and rationale, weighted scores, ranking, lock and history.")
    evaluation.add_argument("reference", metavar="REF", help="the contract's reference")
    evaluation.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF file to write")


class _UsageError(UserFacingError):
    """A bad option value: exit 2 with a one-line reason naming the option."""


class _Refused(UserFacingError):
    """The command cannot do what was asked (exit 1); the reason names what to do instead."""


def _parse_date(option: str, text: str | None):
    if text is None:
        return None
    from datetime import datetime

    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise _UsageError(f"{option} '{text}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)")


def _pack_options(args: argparse.Namespace):
    from sv_desktop.domain.vocabulary import Category
    from sv_desktop.services.reports import PackOptions, pack_section_ids

    categories = []
    for text in args.category:
        try:
            categories.append(Category.from_text(text))
        except ValueError as exc:
            raise _UsageError(f"--category {exc}") from None
    known_sections = pack_section_ids() if args.section else []
    for section in args.section:
        if section not in known_sections:
            raise _UsageError(f"--section '{section}' is not a section (known: {', '.join(known_sections)})")
    options = PackOptions(
        date_from=_parse_date("--from", args.date_from), date_to=_parse_date("--to", args.date_to),
        categories=tuple(categories), sections=tuple(args.section) or None,
        committee_name=args.committee, meeting_date=_parse_date("--meeting-date", args.meeting_date),
    )
    if options.date_from and options.date_to and options.date_to < options.date_from:
        raise _UsageError("--to is before --from")
    if args.committee is not None and not args.committee.strip():
        raise _UsageError("--committee must not be blank")
    return options


def _run_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sv_desktop.app import build_services

    out = Path(args.out).expanduser()
    if out.suffix.lower() != ".pdf":
        raise _UsageError(f"--out '{args.out}' must name a .pdf file")
    if out.is_dir():
        raise _UsageError(f"--out '{args.out}' is a folder, not a file")
    options = _pack_options(args) if args.report_kind == "pack" else None
    services = build_services(_store_url(args))
    try:
        if options is not None:  # the pack
            written = services.reports.build_pack(options, out)
        elif args.report_kind == "evaluation":
            written = services.reports.build_evaluation_report(args.reference, out)
        else:
            written = services.reports.build_contract_report(args.reference, out)
    except OSError as exc:
        raise _Refused(f"could not write {out}: {exc.strerror or exc}") from exc
    finally:
        services.close()
    print(f"Wrote {written}")
    return 0


def _store_url(args: argparse.Namespace) -> str:
    from sv_desktop.services.session import resolve_store_url

    return resolve_store_url(getattr(args, "db", None), getattr(args, "database_url", None))


def _fail(message: str, code: int = EXIT_FAILURE) -> int:
    """The one place a failure is told: `sv-desktop: <reason>` on one line of stderr, and the exit status."""
    print(f"sv-desktop: {message}", file=sys.stderr)
    return code


def _run_demo(args: argparse.Namespace) -> int:
    from sv_desktop.app import build_services
    from sv_desktop.services.demo.service import MAX_CONTRACTS

    if not 1 <= args.contracts <= MAX_CONTRACTS:
        raise _UsageError(f"--contracts must be between 1 and {MAX_CONTRACTS}")
    services = build_services(_store_url(args))
    try:
        result = services.demo.load(args.contracts, seed=args.seed)  # the same call as File → Load demo data…
    finally:
        services.close()
    replaced = f", replacing {result.replaced} earlier demo contracts" if result.replaced else ""
    print(f"Loaded {result.contracts} demo contracts and {result.suppliers} suppliers into "
          f"{services.store.description}{replaced}.")
    return 0


def _outline(framework) -> list[str]:
    lines = [f"{framework.id}: {framework.name} ({framework.version}) - {framework.source}"]

    def walk(entries, depth):
        for entry in entries:
            unit = f" [{entry.unit}, {entry.aggregation}{', by UK region' if entry.by_region else ''}]" \
                if entry.is_metric else ""
            lines.append(f"{'  ' * depth}{entry.ref} {entry.kind}: {entry.title}{unit}")
            walk(entry.children, depth + 1)

    walk(framework.entries, 1)
    return lines


def _run_catalogue(args: argparse.Namespace) -> int:
    from sv_desktop.app import build_catalogue
    from sv_desktop.catalogue.loader import CatalogueError

    try:
        catalogue = build_catalogue().catalogue()
    except CatalogueError as exc:
        raise _Refused(f"a shipped framework file is broken: {exc}") from exc
    frameworks = catalogue.frameworks
    if args.framework:
        chosen = catalogue.framework(args.framework)
        if chosen is None:
            known = ", ".join(f.id for f in frameworks)
            raise _UsageError(f"no framework has the id '{args.framework}' (known: {known})")
        frameworks = (chosen,)
    for problem in catalogue.problems:
        print(f"sv-desktop: skipped local file: {problem}", file=sys.stderr)
    if args.json:
        data = catalogue.as_dict()
        if args.framework:
            data["frameworks"] = [f for f in data["frameworks"] if f["id"] == args.framework]
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for framework in frameworks:
            print("\n".join(_outline(framework)))
    return 0


def _run_check(args: argparse.Namespace) -> int:
    from sv_desktop.app import build_services
    from sv_desktop.catalogue.loader import CatalogueError

    services = build_services(_store_url(args))
    try:
        try:
            profiles = services.compliance.profiles()
        except CatalogueError as exc:
            raise _Refused(f"a shipped policy file is broken: {exc}") from exc
        for problem in services.compliance.problems():
            print(f"sv-desktop: skipped local policy file: {problem}", file=sys.stderr)
        if args.profile and args.profile not in {p.id for p in profiles}:
            known = ", ".join(p.id for p in profiles)
            raise _UsageError(f"no policy profile has the id '{args.profile}' (known: {known})")
        profile = services.compliance.profile(args.profile)
        results = services.compliance.check_all(profile_id=profile.id)
        summary = services.compliance.summary(results)
    finally:
        services.close()
    shown = [r for r in results if r.level != "ok"] if args.failing else results
    if args.json:
        data = {
            "profile": {"id": profile.id, "name": profile.name, "source": profile.source},
            "contracts": [
                {"reference": c.reference, "title": c.title, "status": c.status,
                 "rules": [{"rule": r.rule_id, "title": r.title, "verdict": r.verdict.value, "reason": r.reason,
                            "source": r.source, "basis": r.basis} for r in c.results]}
                for c in shown
            ],
            "summary": [{"rule": s.rule_id, "title": s.title, "applies_to": s.applicable, "meeting": s.meeting,
                         "counts": {v.value: n for v, n in s.counts.items()}, "source": s.source} for s in summary],
        }
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    print(f"Policy profile: {profile.name} ({profile.source})")
    for contract in shown:
        print(f"\n{contract.reference} {contract.title}: {contract.status}")
        for result in contract.results:
            print(f"  [{result.verdict.label}] {result.title}: {result.reason} (source: {result.source})")
    print(f"\nIn total, {len(results)} contracts:")
    for rule in summary:
        share = f"{100 * rule.meeting / rule.applicable:.0f} %" if rule.applicable else "no contracts"
        print(f"  {rule.title}: {rule.meeting} of {rule.applicable} meet it ({share})")
    return 0


def _run_carbon(args: argparse.Namespace) -> int:
    from sv_desktop.app import build_services

    services = build_services(_store_url(args))
    try:
        statuses = sorted(services.carbon.statuses().values(), key=lambda s: s.supplier_name.casefold())
        alerts = services.carbon.alerts()
    finally:
        services.close()
    if args.json:
        data = {"alerts": [{"kind": a.kind, "supplier": a.supplier_name, "contract": a.contract_reference,
                            "message": a.message} for a in alerts]}
        if not args.alerts:
            data["suppliers"] = [_carbon_json(s) for s in statuses]
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    if not args.alerts:
        for status in statuses:
            print(f"{status.supplier_name}: {status.summary}")
            if status.assessment is not None:
                for check in status.assessment.failures:
                    print(f"  [{check.status.label}] {check.title}: {check.reason}")
            if status.latest is not None:
                print(f"  Trajectory: {status.trajectory.summary}")
        print()
    print(f"{len(alerts)} alert{'s' if len(alerts) != 1 else ''}:")
    for alert in alerts:
        where = f" ({alert.contract_reference})" if alert.contract_reference else ""
        print(f"  [{alert.kind_label}] {alert.supplier_name}{where}: {alert.message}")
    return 0


def _carbon_json(status) -> dict:
    latest = status.latest
    return {
        "supplier": status.supplier_name,
        "plan_type": latest.data.plan_type.value if latest else None,
        "dated": latest.data.dated.isoformat() if latest and latest.data.dated else None,
        "meets_rules": status.assessment.passed if status.assessment else None,
        "over_12_months_old": status.stale,
        "checks": [{"check": c.id, "title": c.title, "status": c.status.value, "reason": c.reason,
                    "source": c.source} for c in (status.assessment.checks if status.assessment else ())],
        "trajectory": {"status": status.trajectory.status, "summary": status.trajectory.summary},
    }


def _export_filter(args: argparse.Namespace):
    from sv_desktop.domain.vocabulary import Category, Stage
    from sv_desktop.services.pipeline_index import OPEN_STAGES, PipelineFilter

    stage = category = None
    if args.stage is not None:
        if args.stage.strip().lower() == OPEN_STAGES:
            stage = OPEN_STAGES
        else:
            try:
                stage = Stage.from_text(args.stage)
            except ValueError as exc:
                raise _UsageError(f"--stage {exc} (or 'open')") from None
    if args.category is not None:
        try:
            category = Category.from_text(args.category)
        except ValueError as exc:
            raise _UsageError(f"--category {exc}") from None
    return PipelineFilter(text=args.search, stage=stage, category=category)


def _run_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sv_desktop.app import build_services
    from sv_desktop.services.export import ExportError, check_export_path

    out = Path(args.file).expanduser()
    try:
        check_export_path(out)
    except ExportError as exc:
        raise _UsageError(str(exc)) from exc
    wanted = _export_filter(args)
    services = build_services(_store_url(args))
    try:
        def policy_problem(exc: Exception) -> None:
            print(f"sv-desktop: policy compliance left blank, a policy file is broken: {exc}", file=sys.stderr)

        export = services.export  # the same service and methods as the Export menu
        index = export.pipeline_index(wanted, policy_problem=policy_problem)
        result = export.write(out, [export.pipeline_table(index)])
    except OSError as exc:
        raise _Refused(f"could not write {out}: {exc.strerror or exc}") from exc
    finally:
        services.close()
    print(result.text)
    return 0


# `import WHAT`: the Services attribute of each tabular importer (all share TabularImporter's shape).
TABULAR_IMPORTERS = {"contracts": "contract_import", "suppliers": "supplier_import", "spend": "spend_import"}


def _run_import(args: argparse.Namespace) -> int:
    from sv_desktop.app import build_services

    if args.import_kind == "contracts" and str(args.file).lower().endswith(".json"):
        return _run_ocds_import(args)
    if getattr(args, "buyer", None):
        raise _Refused("--buyer applies to published notices (an OCDS .json file) only")
    services = build_services(_store_url(args))
    try:
        importer = getattr(services, TABULAR_IMPORTERS[args.import_kind])
        result = importer.import_file(args.file, skip_invalid=args.skip_invalid, dry_run=args.dry_run)
    finally:
        services.close()
    for problem in result.problems:
        print(str(problem))
    if result.rejected and args.skip_invalid:
        print(f"Skipped {len(result.rejected)} invalid row{'s' if len(result.rejected) != 1 else ''}.")
    print(result.summary())
    return EXIT_FAILURE if result.refused else 0


def _run_ocds_import(args: argparse.Namespace) -> int:
    """`import contracts FILE.json`: published notices; each skipped release with its reason, then the summary."""
    from sv_desktop.app import build_services
    from sv_desktop.services.imports.ocds import buyer_key

    services = build_services(_store_url(args))
    try:
        importer = services.ocds_import
        if args.buyer:
            buyers = importer.read(args.file).buyers
            known = {buyer_key(name) for name, _count in buyers}
            unknown = [name for name in args.buyer if buyer_key(name) not in known]
            if unknown:
                listed = "; ".join(name or "(no buyer named)" for name, _count in buyers[:10])
                more = f" and {len(buyers) - 10} more" if len(buyers) > 10 else ""
                raise _Refused(f"no notices from {', '.join(repr(n) for n in unknown)} in {args.file}; "
                               f"its buyers are: {listed}{more}")
        result = importer.import_file(args.file, args.buyer or None, dry_run=args.dry_run)
    finally:
        services.close()
    for where, reason in result.skipped:
        print(f"Skipped {where}: {reason}")
    print(result.summary())
    return 0


def _add_backup_parsers(commands, common: argparse.ArgumentParser) -> None:
    backup = commands.add_parser("backup", parents=[common], help="back up the store (SQLite)",
                                 description="Copy the store, safely even while SV Desktop has it open, into the "
                                 "'backups' folder beside it under a name with the date and time (the folder keeps "
                                 "the newest N, set in Settings), or to --out. A store on a PostgreSQL server is "
                                 "backed up by the server instead.")
    backup.add_argument("--out", metavar="FILE", help="write the backup to this file (or into this folder) instead")
    restore = commands.add_parser("restore", parents=[common], help="replace the store with a backup (SQLite)",
                                  description="Check FILE (an undamaged SV Desktop store, not from a newer version), "
                                  "keep a copy of the current store in the 'backups' folder, then replace the store "
                                  "with FILE; an older backup is brought up to date. Refused while SV Desktop has "
                                  "the store open.")
    restore.add_argument("file", metavar="FILE", help="the backup to restore")


def _sqlite_store_path(args: argparse.Namespace):
    from sv_desktop.services.session import store_file

    return store_file(_store_url(args))


def _run_backup(args: argparse.Namespace) -> int:
    from datetime import datetime
    from pathlib import Path

    from sv_desktop.app import build_services
    from sv_desktop.services.backup import SERVER_BACKUPS_MESSAGE, backup_name

    path = _sqlite_store_path(args)
    if path is None:
        raise _Refused(SERVER_BACKUPS_MESSAGE)
    if not path.is_file():
        raise _Refused(f"there is no store at {path} to back up")
    out = Path(args.out).expanduser().absolute() if args.out else None
    if out is not None and out.is_dir():
        out = out / backup_name(path, datetime.now())
    if out is not None and out.exists():
        raise _UsageError(f"--out '{args.out}' already exists; choose another name")
    services = build_services(_store_url(args))
    try:
        backup = services.backup  # the same service and method as File → Back up now…
        written = backup.backup_now(out)
        keep = backup.keep
    finally:
        services.close()
    rolled = f" The backups folder keeps the newest {keep}." if written.parent == backup.folder else ""
    print(f"Backed up {path} to {written}.{rolled}")
    return 0


def _run_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sv_desktop.services.backup import SERVER_BACKUPS_MESSAGE, restore_store

    path = _sqlite_store_path(args)
    if path is None:
        raise _Refused(SERVER_BACKUPS_MESSAGE)
    source = Path(args.file).expanduser().absolute()
    outcome = restore_store(source, path)  # as File → Restore from backup… does, without opening the store first
    print(f"Restored {path} from {source}.")
    if outcome.previous_copy is not None:
        print(f"The store as it was is kept at {outcome.previous_copy}.")
    if outcome.migrated_from:
        print(f"The backup was from an older version (schema {outcome.migrated_from}) and was brought up to date.")
    return 0


def _run_gui(args: argparse.Namespace) -> int:
    from sv_desktop.app import run_desktop

    return run_desktop(_store_url(args))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "demo":
            return _run_demo(args)
        if args.command == "catalogue":
            return _run_catalogue(args)
        if args.command == "report":
            return _run_report(args)
        if args.command == "check":
            return _run_check(args)
        if args.command == "carbon":
            return _run_carbon(args)
        if args.command == "backup":
            return _run_backup(args)
        if args.command == "restore":
            return _run_restore(args)
        if args.command == "export":
            return _run_export(args)
        if args.command == "import":
            return _run_import(args)
        return _run_gui(args)
    except UserFacingError as exc:  # the store, a file, the catalogue, a rule of the product, an option
        return _fail(str(exc), EXIT_USAGE if isinstance(exc, _UsageError) else EXIT_FAILURE)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:
        return 0


def main_gui() -> int:
    """Entry point for the windowed launcher (no console on Windows)."""
    return main(sys.argv[1:])
