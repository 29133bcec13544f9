"""Generate the demo supply points of energy_base (deterministic).

Writes addons/energy_base/demo/*.csv: holders (res.partner), about 200 supply
points across the main distributors and tariffs, and twelve months of
consumption each (November 2025 to October 2026). Run it again after changing
it; the output is the same for the same seed.

    .venv/bin/python scripts/gen_demo_energy_base.py
"""

import csv
import random
from datetime import date
from pathlib import Path

from dateutil.relativedelta import relativedelta
from stdnum.es import cif, cups, dni, referenciacatastral

OUT = Path(__file__).resolve().parents[1] / "addons" / "energy_base" / "demo"
SEED = 20261123
N_POINTS = 200

# Real municipalities with a real postcode, their province (base.state_es_*) and
# the CUPS prefix their distributor issues there (legacy Endesa prefixes where
# the old company created the points: 00311 Andalusia, 00314 Catalonia, 00315
# Balearic, 00316 Canary, 003130 Aragón).
PLACES = [
    ("Madrid", "28004", "m", "0021"),
    ("Madrid", "28015", "m", "0021"),
    ("Madrid", "28039", "m", "0022"),
    ("Alcalá de Henares", "28801", "m", "0021"),
    ("Getafe", "28901", "m", "0022"),
    ("Toledo", "45001", "to", "0021"),
    ("València", "46004", "v", "0021"),
    ("València", "46021", "v", "0021"),
    ("Alicante", "03003", "a", "0021"),
    ("Elche", "03203", "a", "0021"),
    ("Castelló de la Plana", "12001", "cs", "0021"),
    ("Murcia", "30001", "mu", "0021"),
    ("Cartagena", "30201", "mu", "0021"),
    ("Valladolid", "47001", "va", "0021"),
    ("Salamanca", "37002", "sa", "0021"),
    ("Bilbao", "48001", "bi", "0021"),
    ("Vitoria-Gasteiz", "01001", "vi", "0021"),
    ("Logroño", "26001", "lo", "0021"),
    ("Albacete", "02001", "ab", "0021"),
    ("A Coruña", "15001", "c", "0022"),
    ("Vigo", "36201", "po", "0022"),
    ("Lugo", "27001", "lu", "0022"),
    ("Ourense", "32003", "or", "0022"),
    ("Guadalajara", "19001", "gu", "0022"),
    ("Ciudad Real", "13001", "cr", "0022"),
    ("Barcelona", "08007", "b", "00314"),
    ("Barcelona", "08029", "b", "00314"),
    ("L'Hospitalet de Llobregat", "08901", "b", "00314"),
    ("Tarragona", "43001", "t", "00314"),
    ("Lleida", "25002", "l", "00314"),
    ("Girona", "17002", "gi", "003144"),
    ("Sevilla", "41001", "se", "00311"),
    ("Sevilla", "41011", "se", "00311"),
    ("Málaga", "29001", "ma", "00311"),
    ("Córdoba", "14002", "co", "00311"),
    ("Cádiz", "11001", "ca", "00311"),
    ("Granada", "18001", "gr", "00311"),
    ("Almería", "04001", "al", "00311"),
    ("Zaragoza", "50001", "z", "003130"),
    ("Huesca", "22002", "hu", "00314"),
    ("Teruel", "44001", "te", "00314"),
    ("Palma", "07002", "pm", "00315"),
    ("Las Palmas de Gran Canaria", "35002", "gc", "00316"),
    ("Santa Cruz de Tenerife", "38001", "tf", "00316"),
    ("Oviedo", "33001", "o", "0026"),
    ("Gijón", "33201", "o", "0026"),
    ("Santander", "39001", "s", "0027"),
    ("Torrelavega", "39300", "s", "0027"),
]
STREETS = [
    "Calle Mayor",
    "Calle Real",
    "Avenida de la Constitución",
    "Calle San Francisco",
    "Calle del Carmen",
    "Avenida de Andalucía",
    "Calle Nueva",
    "Plaza de España",
    "Calle de la Iglesia",
    "Avenida de Europa",
    "Calle Cervantes",
    "Calle Goya",
    "Paseo de la Estación",
    "Calle Colón",
    "Ronda de Poniente",
    "Calle Santa María",
    "Avenida del Mediterráneo",
    "Calle de la Paz",
]
FIRST = [
    "María",
    "Carmen",
    "Ana",
    "Laura",
    "Isabel",
    "Lucía",
    "Pilar",
    "Rosa",
    "Elena",
    "Cristina",
    "Antonio",
    "José",
    "Manuel",
    "Francisco",
    "David",
    "Javier",
    "Daniel",
    "Carlos",
    "Miguel",
    "Alejandro",
    "Sergio",
    "Pablo",
    "Jorge",
    "Raquel",
]
SURNAMES = [
    "García",
    "Rodríguez",
    "González",
    "Fernández",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Martín",
    "Jiménez",
    "Ruiz",
    "Hernández",
    "Díaz",
    "Moreno",
    "Muñoz",
    "Álvarez",
    "Romero",
    "Navarro",
    "Torres",
    "Domínguez",
    "Vázquez",
    "Ramos",
    "Gil",
    "Serrano",
    "Blanco",
    "Molina",
    "Ortiz",
]
# (name pattern, CNAE, supply use, kind)
BUSINESSES = [
    ("Panadería {s} e Hijos, S.L.", "1071", "lc", "shop"),
    ("Bar Restaurante {p}, S.L.", "5610", "lc", "shop"),
    ("Cafetería {p}, S.L.", "5630", "lc", "shop"),
    ("Farmacia {s} {s2}, C.B.", "4773", "lc", "shop"),
    ("Peluquería {f}, S.L.", "9602", "lc", "shop"),
    ("Clínica Dental {s}, S.L.P.", "8623", "of", "shop"),
    ("Asesoría {s} y Asociados, S.L.", "6920", "of", "shop"),
    ("Supermercados {p}, S.L.", "4711", "lc", "business"),
    ("Gimnasio {p} Fitness, S.L.", "9313", "lc", "business"),
    ("Hotel {p}, S.A.", "5510", "pc", "business"),
    ("Talleres Mecánicos {s}, S.L.", "4520", "ft", "business"),
    ("Residencia de Mayores {p}, S.L.", "8710", "pc", "business"),
    ("Carpintería Metálica {s}, S.L.", "2511", "in", "industry"),
    ("Industrias Cárnicas {p}, S.A.", "1011", "in", "industry"),
    ("Plásticos {p}, S.A.", "2229", "in", "industry"),
    ("Bodegas {s}, S.A.", "1102", "in", "industry"),
    ("Logística {p}, S.L.", "5210", "al", "industry"),
]
PLACE_WORDS = [
    "El Puerto",
    "La Alameda",
    "Los Olivos",
    "San Miguel",
    "La Plaza",
    "El Mirador",
    "Levante",
    "Norte",
    "Santa Ana",
    "La Estación",
    "Las Palmeras",
    "El Roble",
]
COMPETITORS = [
    "retailer_iberdrola",
    "retailer_endesa",
    "retailer_naturgy",
    "retailer_repsol",
]

# Seasonal weight of a month for a home (winter and summer peaks).
SEASON = {1: 1.25, 2: 1.1, 3: 0.95, 4: 0.8, 5: 0.75, 6: 0.9, 7: 1.15, 8: 1.2, 9: 0.9,
          10: 0.8, 11: 0.95, 12: 1.2}  # fmt: skip
# 3.0TD/6.xTD periods used on weekdays by season (peninsula, Circular 3/2020).
SIX_PERIOD_SEASON = {
    **dict.fromkeys((1, 2, 7, 12), (1, 2)),
    **dict.fromkeys((3, 11), (2, 3)),
    **dict.fromkeys((6, 8, 9), (3, 4)),
    **dict.fromkeys((4, 5, 10), (4, 5)),
}


def make_cups(rnd, prefix):
    digits = prefix + "".join(str(rnd.randint(0, 9)) for _ in range(16 - len(prefix)))
    base = "ES" + digits
    return base + cups.calc_check_digits(base) + rnd.choice(["0F", "0F", "0F", "1P"])


def make_cadastral(rnd):
    body = "".join(str(rnd.randint(0, 9)) for _ in range(7))
    body += rnd.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + rnd.choice(
        "ABCDEFGHJKLMNPQRSTUVWXYZ"
    )
    body += "".join(str(rnd.randint(0, 9)) for _ in range(4))
    body += rnd.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + "".join(
        str(rnd.randint(0, 9)) for _ in range(4)
    )
    return body + referenciacatastral.calc_check_digits(body)


def person_vat(rnd):
    number = f"{rnd.randint(10000000, 79999999)}"
    return "ES" + number + dni.calc_check_digit(number)


def company_vat(rnd):
    body = "B" + f"{rnd.randint(1000000, 9999999)}"
    return "ES" + body + cif.calc_check_digits(body)[0]


def split_month(rnd, kind, tariff, month, total):
    """kWh per period for one month."""
    if tariff == "20td":
        p1 = rnd.uniform(0.24, 0.32) if kind == "home" else rnd.uniform(0.32, 0.42)
        p2 = rnd.uniform(0.27, 0.33)
        return [total * p1, total * p2, total * (1 - p1 - p2), 0, 0, 0]
    peak, mid = SIX_PERIOD_SEASON[month]
    values = [0.0] * 6
    values[peak - 1] = total * rnd.uniform(0.28, 0.34)
    values[mid - 1] = total * rnd.uniform(0.36, 0.42)
    values[5] = total - values[peak - 1] - values[mid - 1]
    return values


def main():
    rnd = random.Random(SEED)
    partners, points, readings = [], [], []
    months = [date(2025, 11, 1) + relativedelta(months=i) for i in range(12)]
    seen_cups = set()
    for index in range(1, N_POINTS + 1):
        city, zipcode, state, prefix = rnd.choice(PLACES)
        street = f"{rnd.choice(STREETS)}, {rnd.randint(1, 140)}"
        roll = rnd.random()
        kind = (
            "home"
            if roll < 0.70
            else "shop"
            if roll < 0.85
            else "business"
            if roll < 0.95
            else "industry"
        )
        partner_id = f"demo_holder_{index:03d}"
        if kind == "home":
            name = f"{rnd.choice(FIRST)} {rnd.choice(SURNAMES)} {rnd.choice(SURNAMES)}"
            vat, is_company, cnae, use = person_vat(rnd), False, "9820", "vi"
            street2 = f"{rnd.randint(1, 8)}º {rnd.choice('ABCD')}"
        else:
            pattern, cnae, use, kind = rnd.choice(
                [
                    b
                    for b in BUSINESSES
                    if (b[3] == kind or (kind == "shop" and b[3] == "shop"))
                ]
            )
            name = pattern.format(
                s=rnd.choice(SURNAMES),
                s2=rnd.choice(SURNAMES),
                p=rnd.choice(PLACE_WORDS),
                f=rnd.choice(FIRST),
            )
            vat, is_company, street2 = (
                company_vat(rnd),
                True,
                "Bajo" if kind != "industry" else "",
            )
            if kind == "industry":
                estate, unit = rnd.choice(PLACE_WORDS), rnd.randint(1, 40)
                street = f"Polígono Industrial {estate}, nave {unit}"
        phone = " ".join(
            [
                "+34",
                f"6{rnd.randint(10, 99)}",
                str(rnd.randint(100, 999)),
                str(rnd.randint(100, 999)),
            ]
        )
        email_user = name.split(",")[0].lower().replace(" ", ".")
        for a, b in zip("áéíóúñ", "aeioun", strict=True):
            email_user = email_user.replace(a, b)
        partners.append(
            {
                "id": partner_id,
                "name": name,
                "is_company": is_company,
                "vat": vat,
                "street": street,
                "street2": street2,
                "zip": zipcode,
                "city": city,
                "state_id:id": f"base.state_es_{state}",
                "country_id:id": "base.es",
                "email": f"{email_user[:30]}@example.es",
                "phone": phone,
            }
        )
        code = make_cups(rnd, prefix)
        while code[:20] in seen_cups:
            code = make_cups(rnd, prefix)
        seen_cups.add(code[:20])
        voltage = 230
        if kind == "home":
            tariff = "20td"
            p = rnd.choice([3.3, 3.45, 4.4, 4.6, 5.5, 5.75, 6.9])
            powers = [
                p,
                p if rnd.random() < 0.8 else rnd.choice([3.3, 4.6, 5.75]),
                0,
                0,
                0,
                0,
            ]
            annual = rnd.uniform(1800, 5200)
            mode, mp_type = "icp", "5"
        elif kind == "shop":
            tariff = "20td"
            p = rnd.choice([6.9, 8.05, 9.2, 10.392, 13.856, 14.49])
            powers = [p, p, 0, 0, 0, 0]
            annual = rnd.uniform(6000, 22000)
            mode, mp_type, voltage = "icp", "5", 400
        elif kind == "business":
            tariff = "30td"
            base = rnd.choice([17.32, 20.0, 25.0, 30.0, 40.0, 50.0])
            powers = [
                base,
                base,
                base,
                base,
                base,
                round(base * rnd.choice([1.0, 1.2]), 3),
            ]
            annual = rnd.uniform(40000, 160000)
            mode, mp_type, voltage = "maximeter", "4", 400
        else:
            tariff = "61td" if rnd.random() < 0.5 else "30td"
            base = (
                rnd.choice([150.0, 200.0, 300.0, 450.0])
                if tariff == "61td"
                else rnd.choice([60.0, 80.0, 100.0])
            )
            powers = [base, base, base, base, base, base * 1.1]
            annual = (
                rnd.uniform(250000, 1400000)
                if tariff == "61td"
                else rnd.uniform(120000, 300000)
            )
            mode, mp_type = "maximeter", "3" if tariff == "61td" else "4"
            voltage = 20000 if tariff == "61td" else 400
        status = rnd.choices(["customer", "prospect", "lost"], weights=[60, 30, 10])[0]
        retailer = (
            "base.main_partner" if status == "customer" else rnd.choice(COMPETITORS)
        )
        points.append(
            {
                "id": f"demo_supply_point_{index:03d}",
                "cups": code,
                "holder_id:id": partner_id,
                "street": partners[-1]["street"],
                "street2": partners[-1]["street2"],
                "zip": zipcode,
                "city": city,
                "state_id:id": f"base.state_es_{state}",
                "country_id:id": "base.es",
                "cadastral_reference": make_cadastral(rnd)
                if rnd.random() < 0.7
                else "",
                "supply_use_id:id": f"supply_use_{use}",
                "cnae_id:id": f"cnae_{cnae}",
                "access_tariff_id:id": f"access_tariff_{tariff}",
                "voltage_v": voltage,
                **{f"power_p{i + 1}_kw": round(powers[i], 3) for i in range(6)},
                "power_control_mode": mode,
                "measure_point_type": mp_type,
                "meter_owner": "distributor" if rnd.random() < 0.9 else "customer",
                "meter_telemanaged": kind != "industry" or rnd.random() < 0.5,
                "self_consumption_type": rnd.choices(
                    ["none", "surplus_compensation", "without_surplus"],
                    weights=[88, 9, 3],
                )[0],
                "is_essential_supply": cnae == "8710",
                "has_bono_social": kind == "home" and rnd.random() < 0.06,
                "is_habitual_dwelling": kind == "home" and rnd.random() < 0.85,
                "status": status,
                "current_retailer_id:id": retailer,
            }
        )
        for month in months:
            end = month + relativedelta(months=1, days=-1)
            weight = SEASON[month.month] if kind == "home" else rnd.uniform(0.92, 1.08)
            total = annual / 12 * weight * rnd.uniform(0.9, 1.1)
            values = split_month(rnd, kind, tariff, month.month, total)
            row = {
                "id": f"demo_consumption_{index:03d}_{month:%Y%m}",
                "supply_point_id:id": f"demo_supply_point_{index:03d}",
                "date_start": month.isoformat(),
                "date_end": end.isoformat(),
                "source": "sips",
                **{f"kwh_p{i + 1}": round(values[i], 1) for i in range(6)},
            }
            if tariff != "20td":
                for i in range(6):
                    row[f"max_demand_p{i + 1}_kw"] = round(
                        powers[i] * rnd.uniform(0.55, 0.97), 2
                    )
            readings.append(row)
    write(OUT / "res.partner.csv", partners)
    write(OUT / "energy.supply.point.csv", points)
    write(OUT / "energy.supply.point.consumption.csv", readings)
    print(f"{len(partners)} holders, {len(points)} points, {len(readings)} readings")


def write(path, rows):
    fields = []
    for row in rows:
        fields += [key for key in row if key not in fields]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    k: ("1" if v is True else "0" if v is False else v)
                    for k, v in row.items()
                }
            )


if __name__ == "__main__":
    main()
