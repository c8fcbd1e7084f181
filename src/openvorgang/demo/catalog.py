"""The demo's tenants, org units and people: real Schleswig-Holstein regional keys (see
data/SOURCES.md) and LeiKa keys; names and persons are invented."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

GEWERBE = ("99050012104000", "99050012071000", "99050012070000")
HUND = ("99102013104000", "99102013070000")
BAUM = ("99093003001000",)
FUND = ("99089017152000", "99089017089000")
PARKEN = ("99108001001000", "99108009012000", "99108011153000", "99108012005000")
WOHNGELD = ("99107023017000",)
MELDE = ("99115003012000", "99115004001000")
BAU = ("99012010001000", "99012008001000")
VERANSTALTUNG = ("99089001005000", "99025002005000", "99025002056000")


@dataclass(frozen=True)
class UnitSpec:
    key: str
    name: str
    services: tuple[str, ...]


@dataclass(frozen=True)
class TenantSpec:
    slug: str
    name: str
    kind: str
    ars: str
    prefix: str
    postal_code: str
    city: str
    weight: int
    units: tuple[UnitSpec, ...]


_CITY_UNITS = (
    UnitSpec("gewerbe", "Gewerbeamt", GEWERBE + VERANSTALTUNG),
    UnitSpec("buerger", "Bürgeramt", MELDE + FUND),
    UnitSpec("ordnung", "Ordnungs- und Verkehrsamt", PARKEN),
    UnitSpec("steuer", "Steueramt", HUND),
    UnitSpec("umwelt", "Umweltschutzamt", BAUM),
    UnitSpec("wohngeld", "Wohngeldstelle", WOHNGELD),
    UnitSpec("bau", "Bauaufsicht", BAU),
)
_KREIS_UNITS = (
    UnitSpec("bau", "Untere Bauaufsichtsbehörde", BAU),
    UnitSpec("naturschutz", "Untere Naturschutzbehörde", BAUM),
    UnitSpec("verkehr", "Straßenverkehrsbehörde", PARKEN),
    UnitSpec("wohngeld", "Wohngeldstelle", WOHNGELD),
)
_AMT_UNITS = (
    UnitSpec("ordnung", "Ordnungsamt", GEWERBE + VERANSTALTUNG + PARKEN + FUND),
    UnitSpec("buerger", "Bürgerbüro", MELDE),
    UnitSpec("finanzen", "Finanzverwaltung", HUND),
)
_SMALL_TOWN_UNITS = (
    UnitSpec("ordnung", "Ordnungsamt", GEWERBE + VERANSTALTUNG + PARKEN),
    UnitSpec("buerger", "Bürgerbüro", MELDE + FUND),
    UnitSpec("steuer", "Steuern und Abgaben", HUND),
    UnitSpec("umwelt", "Grünflächen und Umwelt", BAUM),
)

TENANTS: tuple[TenantSpec, ...] = (
    TenantSpec(
        "kiel",
        "Landeshauptstadt Kiel",
        "kreisfreie_stadt",
        "010020000000",
        "KI",
        "24103",
        "Kiel",
        22,
        _CITY_UNITS,
    ),
    TenantSpec(
        "luebeck",
        "Hansestadt Lübeck",
        "kreisfreie_stadt",
        "010030000000",
        "HL",
        "23552",
        "Lübeck",
        16,
        _CITY_UNITS,
    ),
    TenantSpec(
        "flensburg",
        "Stadt Flensburg",
        "kreisfreie_stadt",
        "010010000000",
        "FL",
        "24937",
        "Flensburg",
        10,
        _CITY_UNITS,
    ),
    TenantSpec(
        "neumuenster",
        "Stadt Neumünster",
        "kreisfreie_stadt",
        "010040000000",
        "NMS",
        "24534",
        "Neumünster",
        8,
        _CITY_UNITS,
    ),
    TenantSpec(
        "kreis-nordfriesland",
        "Kreis Nordfriesland",
        "kreis",
        "010540000000",
        "NF",
        "25813",
        "Husum",
        7,
        _KREIS_UNITS,
    ),
    TenantSpec(
        "kreis-rendsburg-eckernfoerde",
        "Kreis Rendsburg-Eckernförde",
        "kreis",
        "010580000000",
        "RD",
        "24768",
        "Rendsburg",
        7,
        _KREIS_UNITS,
    ),
    TenantSpec(
        "husum",
        "Stadt Husum",
        "stadt",
        "010540056056",
        "HUS",
        "25813",
        "Husum",
        5,
        _SMALL_TOWN_UNITS,
    ),
    TenantSpec(
        "norderstedt",
        "Stadt Norderstedt",
        "stadt",
        "010600063063",
        "NOR",
        "22846",
        "Norderstedt",
        7,
        _SMALL_TOWN_UNITS,
    ),
    TenantSpec(
        "eckernfoerde",
        "Stadt Eckernförde",
        "stadt",
        "010580043043",
        "ECK",
        "24340",
        "Eckernförde",
        4,
        _SMALL_TOWN_UNITS,
    ),
    TenantSpec(
        "amt-landschaft-sylt",
        "Amt Landschaft Sylt",
        "amt",
        "010545439000",
        "ALS",
        "25996",
        "Wenningstedt-Braderup (Sylt)",
        3,
        _AMT_UNITS,
    ),
    TenantSpec(
        "amt-luetjenburg",
        "Amt Lütjenburg",
        "amt",
        "010575727000",
        "LJB",
        "24321",
        "Lütjenburg",
        3,
        _AMT_UNITS,
    ),
    TenantSpec(
        "amt-mittelangeln",
        "Amt Mittelangeln",
        "amt",
        "010595949000",
        "MA",
        "24986",
        "Satrup",
        3,
        _AMT_UNITS,
    ),
    TenantSpec(
        "gemeinde-sylt",
        "Gemeinde Sylt",
        "gemeinde",
        "010540168168",
        "SYL",
        "25980",
        "Sylt",
        4,
        _SMALL_TOWN_UNITS,
    ),
    TenantSpec(
        "lfu",
        "Landesamt für Umwelt Schleswig-Holstein",
        "landesbehoerde",
        "010000000000",
        "LFU",
        "24220",
        "Flintbek",
        1,
        (UnitSpec("naturschutz", "Abteilung Naturschutz", BAUM),),
    ),
)


def oe_id(tenant: TenantSpec, unit_index: int) -> str:
    """A stable OrganisationsEinheitID: ARS plus a two-digit unit number."""
    return f"{tenant.ars}{unit_index + 1:02d}"


@cache
def leika_names() -> dict[str, str]:
    with (DATA / "leika-services.csv").open(encoding="utf-8") as handle:
        return {row["leika_key"]: row["name"] for row in csv.DictReader(handle)}


FIRST_NAMES = (
    "Anna",
    "Jonas",
    "Lena",
    "Finn",
    "Mia",
    "Lukas",
    "Sophie",
    "Jürgen",
    "Birte",
    "Hauke",
    "Frauke",
    "Sönke",
    "Merle",
    "Ole",
    "Jannik",
    "Kerstin",
    "Özlem",
    "Mehmet",
    "Agnieszka",
    "Björn",
    "Käthe",
    "Uwe",
    "Heike",
    "Thies",
    "Wiebke",
    "Malte",
    "Günther",
    "Dörte",
)
LAST_NAMES = (
    "Müller",
    "Hansen",
    "Petersen",
    "Jensen",
    "Schröder",
    "Jürgensen",
    "Nissen",
    "Schäfer",
    "Carstensen",
    "Thomsen",
    "Weiß",
    "Groß",
    "Köhler",
    "Öztürk",
    "Nowak",
    "Lorenzen",
    "Christiansen",
    "Böttcher",
    "Martens",
    "Paulsen",
    "Sörensen",
    "Hölck",
    "Brüggemann",
)
STREETS = (
    "Holstenstraße",
    "Dänische Straße",
    "Königsweg",
    "Am Markt",
    "Bahnhofstraße",
    "Lindenallee",
    "Friedrichstraße",
    "Schulweg",
    "Große Straße",
    "Hafenstraße",
    "Am Mühlenteich",
    "Süderstraße",
    "Osterstraße",
    "Deichweg",
    "Fördeblick",
)

STAFF = (
    ("Petra", "Lindemann"),
    ("Kai", "Ehlers"),
    ("Sabine", "Harms"),
    ("Torben", "Claußen"),
    ("Imke", "Rathje"),
    ("Henning", "Tiedemann"),
    ("Nele", "Brodersen"),
    ("Frank", "Möller"),
)
