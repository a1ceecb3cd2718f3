"""OCDS 1.1 release and record packages (Contracts Finder, Find a Tender) read into one notice per ocid.

A package is read whole and its shape checked: a file that is not an OCDS
package raises OcdsError with the reason; a release that cannot be used is left
out and listed as Skipped (where it is in the file, and why). The releases of one
contracting process (one `ocid`) are merged in `date` order by the OCDS merge
rules: a later value replaces an earlier one, a field a later release leaves out
keeps its earlier value, an explicit null removes it, objects merge field by
field, arrays of objects that all carry an `id` (awards, parties, items, ...)
merge item by item on that id, and any other array is replaced whole.

From each merged process a Notice is built with what the pipeline keeps:

- value: the awarded value when the process has active awards with values (their
  sum; awards that each repeat the tender's own estimated value, as framework
  notices do for every supplier, count once), else the tender's estimated value,
  else the planning budget. An amount of 0 counts as not given (Contracts Finder
  writes 0 for an undisclosed value). A value without a currency is taken as GBP
  (UK publishers leave it out); a value in any other currency skips the process,
  because the store keeps pounds only.
- contract period: active contracts' period, else active awards' contract
  periods (earliest start, latest end), else the tender's contract period. Dates
  are read as written (their own time zone), so "2028-04-16T23:59:59+01:00" ends
  on 16 April. A period that ends before it starts skips the process.
- stage: cancelled, withdrawn or unsuccessful tenders are Cancelled; a process
  with suppliers on active awards is Awarded, in Delivery once its contract has
  started and Closed once it has ended; an award without a named supplier stays
  at Evaluation (the pipeline needs an awarded contract's supplier); an active
  tender is at Tender until its deadline, then Evaluation; a planning notice is
  Pre-market engagement, a planned one Pipeline.
- suppliers of active awards (an award without a status counts as active), with
  the size (`details.scale`) and VCSE flag (`details.vcse`) the publisher gave
  on the supplier's party entry.
- regions (UK ITL 1) from items' delivery addresses and locations (NUTS/ITL
  codes such as UKM75 or TLM75, or region names), else the buyer's address.

A record package's records give their embedded releases (merged as above) or,
when their releases are only links to releases published elsewhere, their
compiledRelease; a record with neither is skipped (nothing is fetched).

No Qt, no store: the import service turns notices into contracts.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, NamedTuple, TypeGuard

from sv_desktop.domain.contract import TITLE_MAX
from sv_desktop.domain.errors import DomainError
from sv_desktop.domain.money import PENNY, money_problem
from sv_desktop.domain.vocabulary import Regime, Route, Stage, UkRegion

MAX_FILE_BYTES = 300 * 1024 * 1024
OCID_MAX = 128  # Contract.ocid is String(128)
MAX_MERGE_DEPTH = 40  # deeper objects are taken whole from the latest release (OCDS data is a few levels deep)
NO_BUYER = ""  # the buyer "name" of releases that name none; the dialog shows it as "(no buyer named)"
GBP = "GBP"
AMOUNT_DIGITS = 15  # digits before the point an amount may have (the store keeps up to £1 trillion)


class OcdsError(DomainError):
    """A file that cannot be read as an OCDS package, with the reason in words."""


class Skipped(NamedTuple):
    """A release (or a whole contracting process) left out of an import, and why."""

    where: str  # "release 17 (ocid ocds-b5fd17-…)"
    reason: str


class _Problem(Exception):
    """A field of a release that does not have the shape OCDS gives it; the message names the field."""


# -- the package ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackageRelease:
    """One usable release as found in the file."""

    number: int  # its position among the package's releases (1-based), the order equal dates keep
    where: str  # "release 17" / "record 3, release 2" / "record 3, compiled release"
    ocid: str
    date: datetime  # aware (UTC when the file gave no offset)
    buyer: str  # the buyer's name as published, NO_BUYER when none is named
    tags: tuple[str, ...]
    data: Mapping[str, Any] = field(repr=False, compare=False)

    @property
    def label(self) -> str:
        return f"{self.where} (ocid {self.ocid})"


@dataclass(frozen=True)
class PackageSummary:
    """What a package holds, for the user to look at before importing."""

    file_name: str
    kind: str  # "release package", "record package" or "single release"
    version: str
    publisher: str
    published: str
    entries: int  # releases (or records) in the file
    releases: int  # usable releases
    ocids: int
    buyers: tuple[tuple[str, int], ...]  # (buyer name, releases), most releases first
    skipped: tuple[Skipped, ...]

    def text(self) -> str:
        what = "records" if self.kind == "record package" else "releases"
        by = f" published by {self.publisher}" if self.publisher else ""
        on = f" on {self.published[:10]}" if self.published else ""
        version = f" (OCDS {self.version})" if self.version else ""
        unreadable = f"; {len(self.skipped)} left out" if self.skipped else ""
        return (f"{self.file_name}: {self.kind}{version}{by}{on}. {self.entries:,} {what}: "
                f"{self.releases:,} usable releases of {self.ocids:,} contracting processes from "
                f"{len(self.buyers):,} buyers{unreadable}.")


@dataclass(frozen=True)
class Package:
    file_name: str
    kind: str
    version: str
    publisher: str
    published: str
    entries: int
    releases: tuple[PackageRelease, ...]
    skipped: tuple[Skipped, ...]

    def buyers(self) -> list[tuple[str, int]]:
        """(buyer name, number of releases), most releases first; names differing only in case or spacing are one."""
        counts: dict[str, list] = {}
        for release in self.releases:
            entry = counts.setdefault(buyer_key(release.buyer), [release.buyer, 0])
            entry[1] += 1
        pairs = [(name, count) for name, count in counts.values()]
        return sorted(pairs, key=lambda pair: (-pair[1], pair[0].casefold()))

    def summary(self) -> PackageSummary:
        return PackageSummary(self.file_name, self.kind, self.version, self.publisher, self.published, self.entries,
                              len(self.releases), len({r.ocid for r in self.releases}), tuple(self.buyers()),
                              self.skipped)


def buyer_key(name: str) -> str:
    """How buyer names are matched when the user limits an import: case and spacing do not matter."""
    return " ".join(name.split()).casefold()


def read_package(path: str | Path) -> Package:
    """Read a package file (OcdsError when it is not one)."""
    path = Path(path)
    try:
        if path.is_dir():
            raise OcdsError(f"{path.name}: is a folder, not a file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise OcdsError(f"{path.name}: is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; "
                            "download the notices in smaller parts")
        data = path.read_bytes()
    except OSError as exc:
        raise OcdsError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    return parse_package(data, path.name)


def parse_package(data: bytes, file_name: str = "package") -> Package:
    """A package from the bytes of a .json file; OcdsError names what is wrong with a file that is not one."""
    document = _json(data, file_name)
    if isinstance(document, list):
        raise OcdsError(f"{file_name}: is a list, not an OCDS package (expected an object with 'releases' or "
                        "'records', as Contracts Finder and Find a Tender download them)")
    if not isinstance(document, dict):
        raise OcdsError(f"{file_name}: is {_describe(document)}, not an OCDS package")
    version = document.get("version")
    if version is not None and not (isinstance(version, str) and re.fullmatch(r"1\.\d+(\.\d+)?", version.strip())):
        raise OcdsError(f"{file_name}: is OCDS version {_shown(version)}; SV Desktop reads OCDS 1.0 and 1.1 packages")
    publisher = document.get("publisher")
    publisher_name = publisher.get("name") if isinstance(publisher, dict) else None
    published = document.get("publishedDate")
    header = dict(version=version.strip() if isinstance(version, str) else "",
                  publisher=publisher_name.strip() if isinstance(publisher_name, str) else "",
                  published=published.strip() if isinstance(published, str) else "")
    has_releases, has_records = "releases" in document, "records" in document
    if has_releases and has_records:
        raise OcdsError(f"{file_name}: has both 'releases' and 'records'; an OCDS package holds one or the other")
    if has_releases:
        entries = _list(document["releases"], "releases", file_name)
        releases, skipped = _releases(entries)
        return Package(file_name, "release package", entries=len(entries), releases=releases, skipped=skipped,
                       **header)
    if has_records:
        entries = _list(document["records"], "records", file_name)
        releases, skipped = _records(entries)
        return Package(file_name, "record package", entries=len(entries), releases=releases, skipped=skipped,
                       **header)
    if "ocid" in document:  # a single release, as some tools save one notice
        releases, skipped = _releases([document])
        return Package(file_name, "single release", header["version"], "", "", 1, releases, skipped)
    raise OcdsError(f"{file_name}: has neither 'releases' nor 'records', so it is not an OCDS release or record "
                    "package")


def _json(data: bytes, file_name: str) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise OcdsError(f"{file_name}: is not UTF-8 text (line {line}); an OCDS package is a UTF-8 JSON file") from None
    if not text.strip():
        raise OcdsError(f"{file_name}: is empty; expected an OCDS package (JSON)")
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise OcdsError(f"{file_name}: is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise OcdsError(f"{file_name}: is nested too deeply to be an OCDS package") from None
    except ValueError as exc:  # NaN / Infinity, or a number too long to convert
        raise OcdsError(f"{file_name}: is not valid JSON ({exc})") from None


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _list(value: Any, key: str, file_name: str) -> list:
    if not isinstance(value, list):
        raise OcdsError(f"{file_name}: '{key}' is {_describe(value)}, not a list")
    return value


def _releases(entries: Sequence[Any]) -> tuple[tuple[PackageRelease, ...], tuple[Skipped, ...]]:
    found: list[PackageRelease] = []
    skipped: list[Skipped] = []
    for number, entry in enumerate(entries, start=1):
        _take(entry, number, f"release {number}", None, found, skipped)
    return tuple(found), tuple(skipped)


def _records(entries: Sequence[Any]) -> tuple[tuple[PackageRelease, ...], tuple[Skipped, ...]]:
    """A record's embedded releases when it has them; else its compiledRelease; linked releases cannot be fetched."""
    found: list[PackageRelease] = []
    skipped: list[Skipped] = []
    number = 0
    for index, record in enumerate(entries, start=1):
        where = f"record {index}"
        if not isinstance(record, dict):
            skipped.append(Skipped(where, f"is {_describe(record)}, not a record object"))
            continue
        ocid = record.get("ocid")
        label = f"{where} (ocid {ocid.strip()})" if isinstance(ocid, str) and ocid.strip() else where
        try:
            ocid = _ocid(ocid)
            releases = _array(record, "releases", "releases")
            compiled = record.get("compiledRelease")
            if compiled is not None and not isinstance(compiled, dict):
                raise _Problem(f"compiledRelease is {_describe(compiled)}, not a release object")
        except _Problem as exc:
            skipped.append(Skipped(label, str(exc)))
            continue
        embedded = [(i, r) for i, r in enumerate(releases, start=1) if not _is_linked(r)]
        if embedded:
            for position, release in embedded:
                number += 1
                _take(release, number, f"{where}, release {position}", ocid, found, skipped)
        elif compiled is not None:
            number += 1
            _take(compiled, number, f"{where}, compiled release", ocid, found, skipped,
                  fallback_date=_newest_linked_date(releases))
        else:
            skipped.append(Skipped(label, "its releases are only links (url) and it has no compiledRelease; "
                                          "SV Desktop works offline and does not fetch them"))
    return tuple(found), tuple(skipped)


def _is_linked(entry: Any) -> bool:
    """A linked release ({url, date, tag}) points at a release published elsewhere."""
    return isinstance(entry, dict) and "url" in entry and "ocid" not in entry


def _newest_linked_date(releases: Sequence[Any]) -> str | None:
    dates = []
    for entry in releases:
        if isinstance(entry, dict) and isinstance(entry.get("date"), str):
            try:
                dates.append((_utc(entry["date"]), entry["date"]))
            except (ValueError, OverflowError):
                continue
    return max(dates)[1] if dates else None


def _take(entry: Any, number: int, where: str, record_ocid: str | None, found: list[PackageRelease],
          skipped: list[Skipped], *, fallback_date: str | None = None) -> None:
    """Check one release and add it to `found`, or say in `skipped` why it cannot be used."""
    if not isinstance(entry, dict):
        skipped.append(Skipped(where, f"is {_describe(entry)}, not a release object"))
        return
    raw_ocid = entry.get("ocid", record_ocid)
    label = f"{where} (ocid {raw_ocid.strip()})" if isinstance(raw_ocid, str) and raw_ocid.strip() else where
    try:
        ocid = _ocid(raw_ocid)
        if record_ocid is not None and ocid != record_ocid:
            raise _Problem(f"its ocid differs from its record's ({record_ocid})")
        raw_date = entry.get("date", fallback_date)
        if raw_date is None:
            raise _Problem("has no date, so it cannot be put in order with the other releases of its ocid")
        moment = _moment(raw_date, "date", utc=True)
        tags = _tags(entry)
        buyer = _buyer_name(_Fields(entry))  # reading the fields checks every one the import uses
    except _Problem as exc:
        skipped.append(Skipped(label, str(exc)))
        return
    found.append(PackageRelease(number, where, ocid, moment, buyer, tags, entry))


def _ocid(value: Any) -> str:
    if value is None:
        raise _Problem("has no ocid (the contracting process's identifier)")
    if not isinstance(value, str):
        raise _Problem(f"ocid is {_describe(value)}, not text")
    ocid = value.strip()
    if not ocid:
        raise _Problem("has an empty ocid")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in ocid):
        raise _Problem("ocid contains control characters")
    if len(ocid) > OCID_MAX:
        raise _Problem(f"ocid is longer than {OCID_MAX} characters")
    return ocid


def _tags(release: Mapping) -> tuple[str, ...]:
    tags = release.get("tag")
    if tags is None:
        return ()
    if isinstance(tags, str):
        return (tags,)
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise _Problem("tag is not a list of text")
    return tuple(tags)


# -- merging --------------------------------------------------------------------------------------


def merge_releases(releases: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The compiled release of releases given oldest first, by the OCDS 1.1 merge rules (module docstring)."""
    compiled: dict[str, Any] = {}
    for release in releases:
        _merge_object(compiled, release, 0)
    return compiled


def _merge_object(target: dict[str, Any], source: Mapping[str, Any], depth: int) -> None:
    for key, value in source.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict):
            existing = target.get(key)
            merged: dict[str, Any] = existing if isinstance(existing, dict) and depth < MAX_MERGE_DEPTH else {}
            _merge_object(merged, value, depth + 1)
            target[key] = merged
        elif isinstance(value, list) and _identified(value) and depth < MAX_MERGE_DEPTH:
            existing = target.get(key)
            items: list[Any] = existing if isinstance(existing, list) and _identified(existing) else []
            by_id = {_id_key(item["id"]): item for item in items}
            for item in value:
                known = by_id.get(_id_key(item["id"]))
                if known is None:
                    known = {}
                    items.append(known)
                    by_id[_id_key(item["id"])] = known
                _merge_object(known, item, depth + 1)
            target[key] = items
        else:
            target[key] = _copy(value)


def _identified(items: list) -> bool:
    return bool(items) and all(isinstance(item, dict) and isinstance(item.get("id"), (str, int))
                               and not isinstance(item.get("id"), bool) for item in items)


def _id_key(value: str | int) -> str:
    return str(value)  # OCDS allows an id as text or a whole number: 1 and "1" are the same item


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


# -- the fields the import uses -----------------------------------------------------------------


@dataclass(frozen=True)
class NoticeSupplier:
    """A supplier of an active award, with what the publisher said about its size and VCSE status."""

    name: str
    scale: str = ""  # details.scale as published: "sme", "micro", "large", ... ("" when not given)
    vcse: bool | None = None  # details.vcse, None when not given

    @property
    def is_sme(self) -> bool | None:
        """True for micro/small/medium/SME, False for large, None when the publisher did not say."""
        scale = self.scale.strip().casefold()
        if scale in ("sme", "micro", "small", "medium", "selfemployed", "self-employed"):
            return True
        if scale == "large":
            return False
        return None


@dataclass(frozen=True)
class Notice:
    """What one contracting process's merged releases say, in the pipeline's terms."""

    ocid: str
    release_date: datetime  # the newest release merged
    sources: tuple[str, ...]  # where its releases are in the file ("release 3", ...)
    title: str
    description: str
    buyer_name: str
    value: Decimal | None
    value_basis: str  # "awarded", "tender estimate", "planning budget" or ""
    start_date: date | None
    end_date: date | None
    tender_deadline: date | None
    cpv_codes: tuple[str, ...]  # main classification first, 8 digits each
    procurement_method: str  # as published: details, with the method code in brackets
    route: Route | None
    regime: Regime | None
    award_status: str
    suppliers: tuple[NoticeSupplier, ...]
    regions: tuple[UkRegion, ...]
    stage: Stage
    tags: tuple[str, ...]

    @property
    def where(self) -> str:
        return f"{', '.join(self.sources)} (ocid {self.ocid})"

    @property
    def release_stamp(self) -> str:
        """The newest release date as stored on the contract (UTC, ISO 8601)."""
        return release_stamp(self.release_date)


def release_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_release_stamp(text: str) -> datetime | None:
    """A stored release date back as a datetime; None when empty or not a date."""
    try:
        return _utc(text) if text else None
    except (ValueError, OverflowError):
        return None


class _Fields:
    """Typed reading of the parts of a release the import uses; _Problem names any field of the wrong shape."""

    def __init__(self, release: Mapping[str, Any]):
        self.release = release
        tender = _object(release, "tender", "tender")
        self.tender_title = _text(tender, "title", "tender.title")
        self.tender_description = _text(tender, "description", "tender.description")
        self.tender_status = _text(tender, "status", "tender.status")
        self.method = _text(tender, "procurementMethod", "tender.procurementMethod")
        self.method_details = _text(tender, "procurementMethodDetails", "tender.procurementMethodDetails")
        self.tender_value = _value(_object(tender, "value", "tender.value"), "tender.value")
        tender_period = _object(tender, "tenderPeriod", "tender.tenderPeriod")
        self.deadline = _day(tender_period, "endDate", "tender.tenderPeriod.endDate")
        self.tender_period = _period(_object(tender, "contractPeriod", "tender.contractPeriod"),
                                     "tender.contractPeriod")
        legal = _object(tender, "legalBasis", "tender.legalBasis")
        self.legal_basis = _identifier(legal, "id", "tender.legalBasis.id") or ""
        self.description = _text(release, "description", "description")
        self.cpv = self._classifications(tender)
        self.delivery_regions = self._delivery_regions(tender)
        buyer = _object(release, "buyer", "buyer")
        self.buyer_id = _identifier(buyer, "id", "buyer.id")
        self.buyer_name = _text(buyer, "name", "buyer.name")
        self.parties = [self._party(p, f"parties[{i}]") for i, p in enumerate(_array(release, "parties", "parties"))]
        self.awards = [self._award(a, f"awards[{i}]") for i, a in enumerate(_array(release, "awards", "awards"))]
        self.contracts = [self._contract(c, f"contracts[{i}]")
                          for i, c in enumerate(_array(release, "contracts", "contracts"))]
        planning = _object(release, "planning", "planning")
        budget = _object(planning, "budget", "planning.budget")
        self.budget = _value(_object(budget, "amount", "planning.budget.amount"), "planning.budget.amount")

    @staticmethod
    def _classifications(tender: Mapping | None) -> list[str]:
        codes: list[str] = []
        codes += _cpv(_object(tender, "classification", "tender.classification"), "tender.classification")
        for i, extra in enumerate(_array(tender, "additionalClassifications", "tender.additionalClassifications")):
            codes += _cpv(_as_object(extra, f"tender.additionalClassifications[{i}]"),
                          f"tender.additionalClassifications[{i}]")
        for i, item in enumerate(_array(tender, "items", "tender.items")):
            where = f"tender.items[{i}]"
            item = _as_object(item, where)
            codes += _cpv(_object(item, "classification", f"{where}.classification"), f"{where}.classification")
            for j, extra in enumerate(_array(item, "additionalClassifications", f"{where}.additionalClassifications")):
                key = f"{where}.additionalClassifications[{j}]"
                codes += _cpv(_as_object(extra, key), key)
        return codes

    @staticmethod
    def _delivery_regions(tender: Mapping | None) -> list[str]:
        texts: list[str] = []
        for i, item in enumerate(_array(tender, "items", "tender.items")):
            where = f"tender.items[{i}]"
            item = _as_object(item, where)
            addresses = [(_object(item, "deliveryAddress", f"{where}.deliveryAddress"), f"{where}.deliveryAddress")]
            addresses += [(_as_object(a, f"{where}.deliveryAddresses[{j}]"), f"{where}.deliveryAddresses[{j}]")
                          for j, a in enumerate(_array(item, "deliveryAddresses", f"{where}.deliveryAddresses"))]
            for address, key in addresses:
                region = _text(address, "region", f"{key}.region")
                if region:
                    texts.append(region)
            locations = [(_object(item, "deliveryLocation", f"{where}.deliveryLocation"), f"{where}.deliveryLocation")]
            locations += [(_as_object(loc, f"{where}.deliveryLocations[{j}]"), f"{where}.deliveryLocations[{j}]")
                          for j, loc in enumerate(_array(item, "deliveryLocations", f"{where}.deliveryLocations"))]
            for location, key in locations:
                gazetteer = _object(location, "gazetteer", f"{key}.gazetteer")
                for k, identifier in enumerate(_array(gazetteer, "identifiers", f"{key}.gazetteer.identifiers")):
                    if isinstance(identifier, str):
                        texts.append(identifier)
                    else:
                        raise _Problem(f"{key}.gazetteer.identifiers[{k}] is {_describe(identifier)}, not text")
                description = _text(location, "description", f"{key}.description")
                if description:
                    texts.append(description)
        return texts

    @staticmethod
    def _party(party: Any, where: str) -> dict[str, Any]:
        party = _as_object(party, where)
        roles = _array(party, "roles", f"{where}.roles")
        if not all(isinstance(role, str) for role in roles):
            raise _Problem(f"{where}.roles is not a list of text")
        details = _object(party, "details", f"{where}.details")
        vcse = details.get("vcse") if details else None
        if vcse is not None and not isinstance(vcse, bool):
            raise _Problem(f"{where}.details.vcse is {_describe(vcse)}, not true or false")
        address = _object(party, "address", f"{where}.address")
        return dict(id=_identifier(party, "id", f"{where}.id"), name=_text(party, "name", f"{where}.name"),
                    roles=tuple(roles), scale=_text(details, "scale", f"{where}.details.scale") or "", vcse=vcse,
                    region=_text(address, "region", f"{where}.address.region"))

    @staticmethod
    def _award(award: Any, where: str) -> dict[str, Any]:
        award = _as_object(award, where)
        suppliers = []
        for i, supplier in enumerate(_array(award, "suppliers", f"{where}.suppliers")):
            supplier = _as_object(supplier, f"{where}.suppliers[{i}]")
            suppliers.append((_identifier(supplier, "id", f"{where}.suppliers[{i}].id"),
                              _text(supplier, "name", f"{where}.suppliers[{i}].name")))
        return dict(status=_text(award, "status", f"{where}.status"),
                    value=_value(_object(award, "value", f"{where}.value"), f"{where}.value"),
                    period=_period(_object(award, "contractPeriod", f"{where}.contractPeriod"),
                                   f"{where}.contractPeriod"),
                    suppliers=suppliers)

    @staticmethod
    def _contract(contract: Any, where: str) -> dict[str, Any]:
        contract = _as_object(contract, where)
        return dict(status=_text(contract, "status", f"{where}.status"),
                    period=_period(_object(contract, "period", f"{where}.period"), f"{where}.period"))


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the true/false value {str(value).lower()}"
    if isinstance(value, (int, Decimal, float)):
        return f"the number {_shown(value)}"
    if isinstance(value, str):
        return f"the text '{_shown(value)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _as_object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Problem(f"{where} is {_describe(value)}, not an object")
    return value


def _object(parent: Mapping | None, key: str, where: str) -> dict[str, Any] | None:
    value = parent.get(key) if parent else None
    return None if value is None else _as_object(value, where)


def _array(parent: Mapping | None, key: str, where: str) -> list[Any]:
    value = parent.get(key) if parent else None
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Problem(f"{where} is {_describe(value)}, not a list")
    return value


def _text(parent: Mapping | None, key: str, where: str) -> str | None:
    value = parent.get(key) if parent else None
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Problem(f"{where} is {_describe(value)}, not text")
    return value


def _identifier(parent: Mapping | None, key: str, where: str) -> str | None:
    """An OCDS id: text or a whole number."""
    value = parent.get(key) if parent else None
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _Problem(f"{where} is {_describe(value)}, not an identifier")
    return str(value)


def _value(value: Mapping | None, where: str) -> tuple[Decimal, str] | None:
    """(amount, currency) of an OCDS Value; None when there is no amount."""
    if value is None:
        return None
    amount = value.get("amount")
    currency = _text(value, "currency", f"{where}.currency")
    if amount is None:
        return None
    if isinstance(amount, bool) or not isinstance(amount, (int, float, Decimal)):
        raise _Problem(f"{where}.amount is {_describe(amount)}, not a number")
    amount = Decimal(str(amount)) if isinstance(amount, float) else Decimal(amount)
    if not amount.is_finite():
        raise _Problem(f"{where}.amount is not a number")
    if amount and amount.adjusted() >= AMOUNT_DIGITS:
        raise _Problem(f"{where}.amount ({_shown(amount)}) is larger than any contract value the store can hold")
    return amount, (currency or GBP).strip().upper()


def _moment(value: Any, where: str, *, utc: bool = False) -> datetime:
    """The date-time as written (its own offset), or in UTC when `utc`."""
    if not isinstance(value, str):
        raise _Problem(f"{where} is {_describe(value)}, not a date")
    try:
        return _utc(value) if utc else _datetime(value)
    except (ValueError, OverflowError):
        raise _Problem(f"{where} '{_shown(value)}' is not a date and time (ISO 8601, e.g. 2025-03-11T09:40:02Z)"
                       ) from None


def _datetime(text: str) -> datetime:
    """An ISO 8601 date or date-time; aware (UTC when no offset is given)."""
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        moment = datetime.fromisoformat(text)
    else:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|z|[+-]\d{2}:?\d{2})?", text):
            raise ValueError(text)
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text[-1] in "Zz" else text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _utc(text: str) -> datetime:
    """The same moment in UTC (OverflowError at the very ends of the calendar), so releases sort by time."""
    return _datetime(text).astimezone(UTC)


def _day(parent: Mapping | None, key: str, where: str) -> date | None:
    value = parent.get(key) if parent else None
    if value is None:
        return None
    return _moment(value, where).date()  # the date as written, in the publisher's own time zone


def _period(period: Mapping | None, where: str) -> tuple[date | None, date | None]:
    return _day(period, "startDate", f"{where}.startDate"), _day(period, "endDate", f"{where}.endDate")


def _cpv(classification: Mapping | None, where: str) -> list[str]:
    """The 8-digit CPV code of a classification in the CPV scheme ("85147000-1" -> "85147000"); else nothing."""
    if classification is None:
        return []
    scheme = _text(classification, "scheme", f"{where}.scheme") or ""
    code = _identifier(classification, "id", f"{where}.id")
    if scheme.strip().upper() != "CPV" or code is None:
        return []
    digits = code.strip().split("-")[0]
    if digits.isdigit() and len(digits) <= 8 and isinstance(classification.get("id"), int):
        digits = digits.zfill(8)  # a code written as a number loses its leading zero (03000000 -> 3000000)
    return [digits] if re.fullmatch(r"\d{8}", digits) else []


def _buyer_name(fields: _Fields) -> str:
    """buyer.name, else the name of the party the buyer's id points at, else of the first party with the buyer role."""
    if fields.buyer_name and fields.buyer_name.strip():
        return " ".join(fields.buyer_name.split())
    party = _buyer_party(fields)
    if party and party["name"] and party["name"].strip():
        return " ".join(party["name"].split())
    return NO_BUYER


def _buyer_party(fields: _Fields) -> dict[str, Any] | None:
    if fields.buyer_id is not None:
        for party in fields.parties:
            if party["id"] == fields.buyer_id:
                return party
    for party in fields.parties:
        if "buyer" in party["roles"]:
            return party
    return None


# -- notices --------------------------------------------------------------------------------------


def compile_notices(package: Package, buyers: Collection[str] | None = None, *,
                    today: date) -> tuple[tuple[Notice, ...], tuple[Skipped, ...]]:
    """One Notice per ocid from the package's releases (limited to `buyers` when given), and what was left out.

    `today` places awarded and tendered processes in time (Delivery or Closed, Tender or Evaluation).
    """
    skipped = list(package.skipped)
    wanted = None if buyers is None else {buyer_key(name) for name in buyers}
    groups: dict[str, list[PackageRelease]] = {}
    for release in package.releases:
        if wanted is not None and buyer_key(release.buyer) not in wanted:
            shown = release.buyer or "(no buyer named)"
            skipped.append(Skipped(release.label, f"buyer '{shown}' was not chosen"))
            continue
        groups.setdefault(release.ocid, []).append(release)
    notices: list[Notice] = []
    for ocid, releases in groups.items():
        releases.sort(key=lambda r: (r.date, r.number))
        where = f"{', '.join(r.where for r in releases)} (ocid {ocid})"
        try:
            notices.append(_notice(ocid, releases, today))
        except _Problem as exc:
            skipped.append(Skipped(where, str(exc)))
        except RecursionError:
            skipped.append(Skipped(where, "is nested too deeply to merge"))
    return tuple(notices), tuple(skipped)


def _notice(ocid: str, releases: list[PackageRelease], today: date) -> Notice:
    compiled = merge_releases(r.data for r in releases)
    fields = _Fields(compiled)
    tags = tuple(dict.fromkeys(tag for r in releases for tag in r.tags))
    title = " ".join((fields.tender_title or "").split())
    if not title:
        title = _first_text(compiled, "awards", "title") or _first_text(compiled, "contracts", "title")
    if not title:
        raise _Problem("has no title (tender.title), so it cannot be a contract in the pipeline")
    if len(title) > TITLE_MAX:
        title = title[:TITLE_MAX - 1].rstrip() + "…"
    value, basis = _notice_value(fields)
    start, end = _contract_period(fields)
    if start and end and end <= start:
        raise _Problem(f"its contract period ends ({end.isoformat()}) on or before the day it starts "
                       f"({start.isoformat()})")
    suppliers = _suppliers(fields)
    active = [a for a in fields.awards if (a["status"] or "active").strip().casefold() == "active"]
    award_status = ", ".join(dict.fromkeys((a["status"] or "active").strip() for a in fields.awards))
    return Notice(
        ocid=ocid,
        release_date=releases[-1].date,
        sources=tuple(r.where for r in releases),
        title=title,
        description=(fields.tender_description or fields.description or "").strip(),
        buyer_name=_buyer_name(fields),
        value=value,
        value_basis=basis,
        start_date=start,
        end_date=end,
        tender_deadline=fields.deadline,
        cpv_codes=tuple(dict.fromkeys(fields.cpv)),
        procurement_method=procurement_method_text(fields.method, fields.method_details),
        route=route_for(fields.method, fields.method_details),
        regime=regime_for(fields.legal_basis, fields.method_details),
        award_status=award_status,
        suppliers=suppliers,
        regions=_regions(fields),
        stage=_stage(fields, tags, bool(active), suppliers, start, end, today),
        tags=tags,
    )


def _first_text(compiled: Mapping, array: str, key: str) -> str:
    for entry in compiled.get(array) or ():
        if isinstance(entry, dict) and isinstance(entry.get(key), str) and entry[key].strip():
            return " ".join(entry[key].split())
    return ""


def _notice_value(fields: _Fields) -> tuple[Decimal | None, str]:
    """See the module docstring; an amount of 0 is how some publishers say "not disclosed", so it counts as none."""
    active = [a for a in fields.awards if (a["status"] or "active").strip().casefold() == "active"]
    awarded = [a["value"] for a in active if _given(a["value"])]
    tender = fields.tender_value if _given(fields.tender_value) else None
    if awarded:
        amounts = [_in_pounds(value, "an award's value") for value in awarded]
        estimate = _in_pounds(tender, "the tender's value") if tender else None
        if len(amounts) > 1 and estimate is not None and all(amount == estimate for amount in amounts):
            return _checked(estimate), "awarded"
        return _checked(sum(amounts, Decimal(0))), "awarded"
    if tender is not None:
        return _checked(_in_pounds(tender, "the tender's value")), "tender estimate"
    if _given(fields.budget):
        return _checked(_in_pounds(fields.budget, "the planning budget")), "planning budget"
    return None, ""


def _given(value: tuple[Decimal, str] | None) -> TypeGuard[tuple[Decimal, str]]:
    return value is not None and value[0] != 0


def _in_pounds(value: tuple[Decimal, str], what: str) -> Decimal:
    amount, currency = value
    if currency != GBP:
        raise _Problem(f"{what} is in {currency}; SV Desktop records contract values in pounds (GBP)")
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def _checked(amount: Decimal) -> Decimal:
    problem = money_problem(amount)
    if problem:
        raise _Problem(f"its value (£{amount:,}) {problem}")
    return amount


def _contract_period(fields: _Fields) -> tuple[date | None, date | None]:
    for periods in ([c["period"] for c in fields.contracts if (c["status"] or "").casefold() == "active"],
                    [a["period"] for a in fields.awards if (a["status"] or "active").casefold() == "active"],
                    [fields.tender_period]):
        starts = [start for start, _ in periods if start]
        ends = [end for _, end in periods if end]
        if starts or ends:
            return (min(starts) if starts else None), (max(ends) if ends else None)
    return None, None


def _suppliers(fields: _Fields) -> tuple[NoticeSupplier, ...]:
    by_id = {p["id"]: p for p in fields.parties if p["id"] is not None}
    by_name = {buyer_key(p["name"]): p for p in fields.parties if p["name"]}
    found: dict[str, NoticeSupplier] = {}
    for award in fields.awards:
        if (award["status"] or "active").strip().casefold() != "active":
            continue
        for supplier_id, name in award["suppliers"]:
            party = by_id.get(supplier_id) if supplier_id is not None else None
            name = " ".join((name or (party or {}).get("name") or "").split())
            if not name:
                continue
            party = party or by_name.get(buyer_key(name))
            key = buyer_key(name)
            if key not in found:
                found[key] = NoticeSupplier(name, (party or {}).get("scale", "") or "", (party or {}).get("vcse"))
    return tuple(found.values())


# -- words the pipeline uses ----------------------------------------------------------------------

_NUTS_ITL1 = {
    "C": UkRegion.NORTH_EAST, "D": UkRegion.NORTH_WEST, "E": UkRegion.YORKSHIRE, "F": UkRegion.EAST_MIDLANDS,
    "G": UkRegion.WEST_MIDLANDS, "H": UkRegion.EAST, "I": UkRegion.LONDON, "J": UkRegion.SOUTH_EAST,
    "K": UkRegion.SOUTH_WEST, "L": UkRegion.WALES, "M": UkRegion.SCOTLAND, "N": UkRegion.NORTHERN_IRELAND,
}
_REGION_NAMES = {region.label.casefold(): region for region in UkRegion} | {
    "yorkshire and humber": UkRegion.YORKSHIRE, "yorkshire & the humber": UkRegion.YORKSHIRE,
    "yorkshire & humber": UkRegion.YORKSHIRE, "east": UkRegion.EAST, "eastern": UkRegion.EAST,
    "east anglia": UkRegion.EAST, "greater london": UkRegion.LONDON,
}


def region_for(text: str) -> UkRegion | None:
    """The UK ITL 1 region a NUTS or ITL code (UKM75, TLM75, UKM) or a region's name stands for."""
    cleaned = " ".join(text.split())
    code = re.fullmatch(r"(?:UK|TL)([C-N])[0-9A-Z]{0,3}", cleaned.upper())
    if code:
        return _NUTS_ITL1[code.group(1)]
    return _REGION_NAMES.get(cleaned.casefold())


def _regions(fields: _Fields) -> tuple[UkRegion, ...]:
    found = [region for region in map(region_for, fields.delivery_regions) if region is not None]
    if not found:
        party = _buyer_party(fields)
        if party and party["region"]:
            region = region_for(party["region"])
            found = [region] if region else []
    return tuple(dict.fromkeys(found))


def procurement_method_text(method: str | None, details: str | None) -> str:
    """"Restricted procedure (selective)": the publisher's details with the OCDS method code; at most 200 characters."""
    details = " ".join((details or "").split()).strip(" -")
    method = (method or "").strip()
    if details and method and method.casefold() not in details.casefold():
        text = f"{details} ({method})"
    else:
        text = details or method
    return text[:200]


_ROUTE_WORDS: tuple[tuple[str, Route], ...] = (
    ("dynamic purchasing", Route.DYNAMIC_MARKET),
    ("dynamic market", Route.DYNAMIC_MARKET),
    ("call-off", Route.FRAMEWORK_CALL_OFF),
    ("call off", Route.FRAMEWORK_CALL_OFF),
    ("mini-competition", Route.FRAMEWORK_CALL_OFF),
    ("most suitable provider", Route.PSR_MOST_SUITABLE),
    ("provider selection regime", Route.PSR_COMPETITIVE),
    ("competitive flexible", Route.COMPETITIVE_FLEXIBLE),
    ("competitive dialogue", Route.COMPETITIVE_DIALOGUE),
    ("innovation partnership", Route.COMPETITIVE_DIALOGUE),
    ("negotiated procedure without", Route.DIRECT_AWARD),
    ("without prior publication", Route.DIRECT_AWARD),
    ("negotiat", Route.COMPETITIVE_DIALOGUE),
    ("restricted", Route.RESTRICTED),
    ("quotation", Route.QUOTATION),
    ("single tender", Route.DIRECT_AWARD),
    ("direct award", Route.DIRECT_AWARD),
    ("open procedure", Route.OPEN),
)
_ROUTE_METHODS = {"open": Route.OPEN, "selective": Route.RESTRICTED, "limited": Route.DIRECT_AWARD,
                  "direct": Route.DIRECT_AWARD}


def route_for(method: str | None, details: str | None) -> Route | None:
    """Our procurement route from the publisher's words (procurementMethodDetails), else the OCDS method code."""
    words = (details or "").casefold()
    if "provider selection regime" in words and "direct" in words:
        return Route.PSR_DIRECT
    for phrase, route in _ROUTE_WORDS:
        if phrase in words:
            return route
    return _ROUTE_METHODS.get((method or "").strip().casefold())


def regime_for(legal_basis: str, details: str | None) -> Regime | None:
    """The procurement law, where the notice says: its legal basis (CELEX directive or UK Act) or its details."""
    basis = legal_basis.replace(" ", "").upper()
    words = (details or "").casefold()
    if basis.endswith("2023/54") or "procurement act 2023" in words:
        return Regime.PA2023
    if "provider selection regime" in words:
        return Regime.PSR
    if "below threshold" in words:
        return Regime.BELOW_THRESHOLD
    if basis in ("32014L0024", "32014L0023"):  # Directive 2014/24/EU (PCR 2015), 2014/23/EU (concessions)
        return Regime.PCR2015
    return None


def _stage(fields: _Fields, tags: Sequence[str], awarded: bool, suppliers: Sequence[NoticeSupplier],
           start: date | None, end: date | None, today: date) -> Stage:
    status = (fields.tender_status or "").strip().casefold()
    if status in ("cancelled", "withdrawn", "unsuccessful") and not awarded:
        return Stage.CANCELLED
    contract_statuses = {(c["status"] or "").casefold() for c in fields.contracts}
    if suppliers and awarded:
        if (end is not None and end < today) or contract_statuses == {"terminated"}:
            return Stage.CLOSED
        if "active" in contract_statuses or (start is not None and start <= today):
            return Stage.DELIVERY
        return Stage.AWARDED
    tagged = {tag.casefold() for tag in tags}
    if awarded or status == "complete" or tagged & {"award", "awardupdate", "contract", "implementation"}:
        return Stage.EVALUATION
    if status == "active" or tagged & {"tender", "tenderamendment", "tenderupdate"}:
        deadline = fields.deadline
        return Stage.EVALUATION if deadline is not None and deadline < today else Stage.TENDER
    if status == "planning":
        return Stage.PRE_MARKET
    return Stage.PIPELINE
