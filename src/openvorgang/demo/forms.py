"""German form data for the demo, shaped like what form servers send (OZG-Cloud style)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from openvorgang.demo import catalog as c

Item = dict[str, Any]


def s(name: str, label: str, value: str) -> Item:
    return {"name": name, "label": label, "stringValue": value}


def n(name: str, label: str, value: float) -> Item:
    return {"name": name, "label": label, "numberValue": value}


def d(name: str, label: str, value: dt.date) -> Item:
    return {"name": name, "label": label, "dateValue": value.isoformat()}


def b(name: str, label: str, value: bool) -> Item:
    return {"name": name, "label": label, "booleanValue": value}


def g(name: str, label: str, *items: Item) -> Item:
    return {"name": name, "label": label, "formItems": list(items)}


def applicant_group(person: dict[str, str], birth: dt.date) -> Item:
    return g(
        "antragsteller",
        "Angaben zur antragstellenden Person",
        s("vorname", "Vorname", person["first"]),
        s("nachname", "Nachname", person["last"]),
        d("geburtsdatum", "Geburtsdatum", birth),
        g(
            "anschrift",
            "Anschrift",
            s("strasse", "Straße und Hausnummer", person["street"]),
            s("plz", "Postleitzahl", person["postal_code"]),
            s("ort", "Ort", person["city"]),
        ),
        g(
            "kontakt",
            "Kontakt",
            s("email", "E-Mail-Adresse", person["email"]),
            s("telefon", "Telefon", person["phone"]),
        ),
    )


def _plate(rnd: random.Random) -> str:
    district = rnd.choice(["KI", "HL", "FL", "NMS", "NF", "RD", "SE"])
    letters = rnd.choice("ABCDEFGH") + rnd.choice("KLMNOPR")
    return f"{district}-{letters} {rnd.randint(10, 9999)}"


def service_items(key: str, rnd: random.Random, received: dt.date, city: str) -> list[Item]:
    if key in c.GEWERBE:
        return [
            g(
                "gewerbe",
                "Angaben zum Gewerbe",
                s(
                    "taetigkeit",
                    "Angemeldete Tätigkeit",
                    rnd.choice(
                        [
                            "Einzelhandel mit Fahrrädern",
                            "Hausmeisterservice",
                            "Café mit Außengastronomie",
                            "IT-Dienstleistungen",
                            "Fotostudio",
                            "Ferienwohnungsvermietung",
                            "Garten- und Landschaftspflege",
                        ]
                    ),
                ),
                d(
                    "beginn",
                    "Beginn der Tätigkeit",
                    received + dt.timedelta(days=rnd.randint(3, 40)),
                ),
                n("beschaeftigte", "Anzahl der Beschäftigten", rnd.randint(0, 12)),
                b("nebenerwerb", "Im Nebenerwerb", rnd.random() < 0.3),
                g(
                    "betriebsstaette",
                    "Betriebsstätte",
                    s(
                        "strasse",
                        "Straße und Hausnummer",
                        f"{rnd.choice(c.STREETS)} {rnd.randint(1, 80)}",
                    ),
                    s("ort", "Ort", city),
                ),
            )
        ]
    if key in c.HUND:
        dogs = [
            g(
                f"hund_{i}",
                f"Hund {i + 1}",
                s(
                    "name",
                    "Name des Hundes",
                    rnd.choice(["Bello", "Frieda", "Krümel", "Nala", "Rex", "Smilla"]),
                ),
                s(
                    "rasse",
                    "Rasse",
                    rnd.choice(["Labrador", "Mischling", "Dackel", "Border Collie", "Mops"]),
                ),
                d(
                    "haltung_seit",
                    "Gehalten seit",
                    received - dt.timedelta(days=rnd.randint(1, 60)),
                ),
                b("gefaehrlich", "Gefährlicher Hund im Sinne des HundeG", False),
            )
            for i in range(rnd.choice([1, 1, 1, 2]))
        ]
        return [
            {"name": "hunde", "label": "Angaben zu den Hunden", "type": "repeat", "formItems": dogs}
        ]
    if key in c.BAUM:
        return [
            g(
                "baum",
                "Angaben zum Baum",
                s(
                    "baumart",
                    "Baumart",
                    rnd.choice(["Stieleiche", "Rotbuche", "Bergahorn", "Birke", "Linde"]),
                ),
                n("stammumfang", "Stammumfang in 1 m Höhe (cm)", rnd.randint(60, 320)),
                s(
                    "grund",
                    "Begründung",
                    rnd.choice(
                        [
                            "Baum ist abgestorben und droht umzustürzen.",
                            "Wurzeln heben die Garagenzufahrt an.",
                            "Pilzbefall am Stammfuß, Gutachten liegt bei.",
                        ]
                    ),
                ),
                b("ersatz", "Ersatzpflanzung vorgesehen", rnd.random() < 0.7),
            )
        ]
    if key in c.WOHNGELD:
        members = rnd.randint(1, 4)
        return [
            n("haushalt", "Anzahl der Haushaltsmitglieder", members),
            n("miete", "Monatliche Bruttokaltmiete (EUR)", rnd.randint(380, 1100)),
            n(
                "einkommen",
                "Monatliches Bruttoeinkommen des Haushalts (EUR)",
                rnd.randint(900, 2600),
            ),
            b("erstantrag", "Erstantrag", rnd.random() < 0.6),
        ]
    if key in c.PARKEN:
        start = received + dt.timedelta(days=rnd.randint(5, 30))
        return [
            g(
                "fahrzeug",
                "Fahrzeug und Ort",
                s(
                    "kennzeichen",
                    "Amtliches Kennzeichen",
                    _plate(rnd),
                ),
                s(
                    "ort",
                    "Straße / Ort der Maßnahme",
                    f"{rnd.choice(c.STREETS)} {rnd.randint(1, 80)}, {city}",
                ),
                d("von", "Zeitraum von", start),
                d("bis", "Zeitraum bis", start + dt.timedelta(days=rnd.randint(0, 3))),
                n("laenge", "Länge der Fläche (m)", rnd.choice([10, 15, 20])),
            )
        ]
    if key in c.VERANSTALTUNG:
        return [
            g(
                "veranstaltung",
                "Angaben zur Veranstaltung",
                s(
                    "titel",
                    "Bezeichnung",
                    rnd.choice(["Sommerfest am Hafen", "Flohmarkt", "Straßenfest", "Kinderfest"]),
                ),
                d("datum", "Datum", received + dt.timedelta(days=rnd.randint(14, 90))),
                n("besucher", "Erwartete Besucherzahl", rnd.choice([80, 150, 400, 1200])),
                b("ausschank", "Ausschank alkoholischer Getränke", rnd.random() < 0.5),
            )
        ]
    if key in c.BAU:
        return [
            g(
                "vorhaben",
                "Bauvorhaben",
                s(
                    "beschreibung",
                    "Beschreibung des Vorhabens",
                    rnd.choice(
                        [
                            "Errichtung eines Carports",
                            "Anbau eines Wintergartens",
                            "Neubau eines Einfamilienhauses",
                            "Umnutzung Scheune zu Wohnraum",
                        ]
                    ),
                ),
                s(
                    "flurstueck",
                    "Gemarkung / Flur / Flurstück",
                    f"{city} / {rnd.randint(1, 30)} / {rnd.randint(1, 400)}",
                ),
                n("grundflaeche", "Grundfläche (m²)", rnd.randint(18, 180)),
            )
        ]
    if key in c.FUND:
        return [
            s(
                "gegenstand",
                "Beschreibung des Fundgegenstands",
                rnd.choice(
                    [
                        "Schwarzer Rucksack mit Laptop",
                        "Schlüsselbund mit rotem Anhänger",
                        "Damenfahrrad, blau",
                    ]
                ),
            )
        ]
    return [
        s(
            "anliegen",
            "Ihr Anliegen",
            rnd.choice(
                [
                    "Bitte um Ausstellung für die Vorlage beim Arbeitgeber.",
                    "Benötigt für Wohnungsbewerbung.",
                    "Für Behördengang in Dänemark.",
                ]
            ),
        )
    ]
