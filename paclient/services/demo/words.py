"""Invented words for the demo caseload: names, places, schools, employers and note phrases.

Family names, streets, towns, schools and employers are built from syllables that belong to
no real register, so no demo record can describe a real young person. Phone numbers come from
Ofcom's ranges reserved for drama and e-mail addresses from the reserved example domains.
"""

from __future__ import annotations

import random

DEMO_LA = "886"  # the authority the demo caseload lives in

GIVEN_F = (
    "Tamsin", "Elowen", "Maisie", "Orla", "Priya", "Keziah", "Amara", "Isla", "Nell", "Ruby",
    "Sadie", "Yasmin", "Freya", "Imani", "Lowri", "Ffion", "Gwenllian", "Siân", "Nia",
    "Carys", "Zoë", "Chloé", "Renée", "Anaïs", "Łucja", "Aoibheann", "Niamh", "Ayşe",
    "Marguerite-Océane", "Wilhelmina", "Clementine", "Esmé", "Halima", "Kerensa", "Delyth",
)
GIVEN_M = (
    "Rowan", "Tobias", "Kit", "Idris", "Caspian", "Jabari", "Ezra", "Milo", "Ronan", "Kasim",
    "Alfie", "Dev", "Osian", "Rhodri", "Llŷr", "Dafydd", "Gethin", "Siôn", "Iwan", "José",
    "Björn", "Jokūbas", "Oisín", "Séamus", "Mateusz", "Bartholomew", "Maximilian", "Ifan",
    "Emrys", "Tiago", "Kwame", "Arjun", "Teilo", "Cadfael", "Hywel",
)
GIVEN_ANY = ("Sam", "Alex", "Jordan", "Robin", "Ash", "Riley", "Morgan", "Eryl", "Sky", "Rhian")

_FAMILY_HEADS = (
    "Orle", "Hask", "Thorn", "Brim", "Calde", "Dun", "Fenn", "Garro", "Holl", "Ketter", "Lamb",
    "Marro", "Nettle", "Quill", "Rook", "Sallow", "Tarn", "Ush", "Vell", "Wick", "Yarr",
    "Copple", "Drisk", "Ember", "Fallo", "Grist", "Harro", "Ivel", "Jessa", "Kinver",
)
_FAMILY_TAILS = (
    "bar", "well", "ridge", "by", "combe", "field", "stone", "ham", "worth", "ley", "mere",
    "ford", "shaw", "ington", "hurst", "wick", "thorpe", "dene", "cott", "garth",
)
# Welsh-sounding and accented invented family names, some with ŵ and ŷ.
FAMILY_SPECIAL = (
    "Cwmrhŷd", "Pen-y-Bŵlch", "Llwyd-Tŷ", "ap Gwŷnfor", "Bryndŵr", "Tŷ-Gwyn", "Rhosŵen",
    "Maesyffŷnnon", "Dol-y-Cŵm", "Ó Fiannáin", "Marchetti-Orlebar", "Dubréault", "Łoziński-Fenn",
    "Nüßlein", "Øvreberg", "Çelikdağ", "Ibáñez-Quill", "Ní Bhraonáin", "Zelenková",
)
# Some long names: the screens and printed records must cope with them.
LONG_FAMILY = (
    "Featherstonecombe-Wickenridgeham", "Quillingtonthorpe-Marrowdeneworth",
    "Sallowfieldhurst-Kettermereington",
)
MIDDLE = ("Rose", "James", "Mai", "Elis", "Jane", "Tomos", "Grace", "Ali", "Wren", "Lee")

_STREET_HEADS = ("Larkspur", "Copper Beech", "Tanners", "Wheelwright", "Fennel", "Old Forge",
                 "Mallow", "Quarry", "Sorrel", "Kiln", "Weaver's", "Heron", "Bramble", "Mill")
_STREET_KINDS = ("Road", "Close", "Lane", "Way", "Street", "Gardens", "Crescent", "Row", "Court")
TOWNS = ("Orlebury", "Wickstead", "Tarnham", "Sallowby", "Quillington", "Dunmere",
         "Market Fennick", "Brimcombe Vale", "Upper Harrowdene", "Kettershaw")
# Two-letter areas in the postcode format that no UK postcode area uses.
POSTCODE_AREAS = ("DX", "EQ", "FB", "GD", "HB")
_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

SCHOOLS = ("Larkspur Academy", "Thornbar High School", "St Wennick's School",
           "Fennshaw Community College", "Orlebury Grammar School", "Quillington Academy",
           "Brimcombe Vale School", "Tarnham Pupil Referral Unit")
COLLEGES = ("Wickstead College", "Sallowby Sixth Form College",
            "Dunmere College of Further Education", "Kettershaw Skills Centre",
            "University of Harrowdene")
EMPLOYERS = ("Copperbeech Joinery Ltd", "Fennick Care Homes", "Tarnham Motors",
             "Quill & Daughter Bakers", "Orlebury Leisure Trust", "Marrowdene Logistics",
             "Sallow Hair Studio")
CUSTODY_SITES = ("HMYOI Brimstone Fell", "Harrowdene Secure Training Centre",
                 "HMP Kettershaw (young adults)")
RELATIONSHIPS = ("mother", "father", "stepmother", "stepfather", "grandparent", "foster carer",
                 "aunt", "uncle", "carer")

DISCUSSION = (
    "Talked through options after Year 11 and what the entry requirements are.",
    "Reviewed how the course is going; attendance is improving since the timetable change.",
    "Went over the apprenticeship vacancies shared last week and which ones suit.",
    "Discussed money worries and how the bursary application works.",
    "Looked at the CV together and added the work experience placement.",
    "Practised answers for the interview on Thursday.",
    "Checked in after the missed appointment; explained why it matters to keep in touch.",
    "Talked about travel to college and the bus pass scheme.",
    "Explored interests in construction, care and digital roles.",
    "Went through the college application and the personal statement.",
)
AGREED = (
    "Will send two applications by Friday.", "PA to contact the college admissions team.",
    "Will bring the CV to the next meeting.", "PA to book a place on the taster day.",
    "Will ring the employer about the trial shift.", "Meet again in two weeks at school.",
    "Parent to help with the bursary form.", "PA to check transport support eligibility.",
)
OWN_WORDS = ("I want to work with animals.", "College is better than I thought.",
             "I just need a job for now.", "I'd like to try an apprenticeship.")
ACTION_TEXT = ("Apply for two courses", "Update CV", "Attend taster day", "Open a bank account",
               "Register with the job centre", "Visit the college open evening",
               "Complete the bursary form", "Book a sexual health clinic appointment")
REVIEW_TEXT = ("Good progress on applications.", "Some actions slipped; agreed new dates.",
               "Now attending regularly.", "Has started the course.")
FACTOR_NOTES = ("Doing well here.", "Needs some encouragement.", "Real barrier at present.",
                "Urgent: discussed with team leader.")
REFERRAL_REASONS = ("Needs specialist support beyond IAG.", "Asked for help with housing.",
                    "Wants to explore apprenticeships.", "Low mood reported at school.")
AGENCIES = ("Children's social care", "Youth offending service", "School pastoral team",
            "CAMHS", "Housing options", "Family support")
ATTENDEES = ("Young person, parent, PA, school SENCO", "Young person, PA, social worker",
             "Young person, carer, PA, youth worker, college tutor")


def family_name(rng: random.Random) -> str:
    """An invented family name: mostly two syllables joined, sometimes special or long."""
    roll = rng.random()
    if roll < 0.08:
        return rng.choice(FAMILY_SPECIAL)
    if roll < 0.10:
        return rng.choice(LONG_FAMILY)
    name = rng.choice(_FAMILY_HEADS) + rng.choice(_FAMILY_TAILS)
    if roll < 0.14:
        name += "-" + rng.choice(_FAMILY_HEADS) + rng.choice(_FAMILY_TAILS)
    return name


def given_name(rng: random.Random, gender: str) -> str:
    """An invented-looking given name fitting the gender code (F, M or either)."""
    if rng.random() < 0.05:
        return rng.choice(GIVEN_ANY)
    return rng.choice(GIVEN_F if gender == "F" else GIVEN_M if gender == "M"
                      else GIVEN_F + GIVEN_M)


def street(rng: random.Random) -> str:
    """A house number and an invented street."""
    return f"{rng.randint(1, 240)} {rng.choice(_STREET_HEADS)} {rng.choice(_STREET_KINDS)}"


def postcode(rng: random.Random) -> str:
    """A well-formed postcode in an area no real postcode uses."""
    letters = rng.choice(_POSTCODE_LETTERS) + rng.choice(_POSTCODE_LETTERS)
    return f"{rng.choice(POSTCODE_AREAS)}{rng.randint(1, 19)} {rng.randint(1, 9)}{letters}"


def phone(rng: random.Random) -> str:
    """A mobile number from the range reserved for drama (07700 900000-900999)."""
    return f"07700 900{rng.randint(0, 999):03d}"


def email(given: str, family: str, rng: random.Random) -> str:
    """An address at the reserved example.org domain."""
    plain = "".join(c for c in (given[:1] + family).lower() if c.isascii() and c.isalnum())
    return f"{plain or 'yp'}{rng.randint(1, 99)}@example.org"
