"""What a question is about beyond its intent, and whether it wants a yes or a no.

The intent says "a question about a service" or "about the office"; the topic says which part
the citizen wants (the fee, what to bring, parking…), so the answer gives that part first and
fits a phone screen. Topics are word stems over folded text ('Gebühr' -> 'gebuehr'), so
inflections and the commonest typos match; several topics may come from one message.
"""

from __future__ import annotations

import re

from nlu.normalise import fold

_TOPICS: dict[str, tuple[str, ...]] = {
    # a service
    "fee": (
        r"\bfree\b",
        r"kostenlos",
        r"umsonst",
        r"gratis",
        r"kost",
        r"gebuehr",
        r"preis",
        r"teuer",
        r"billig",
        r"euro\b",
        r"€",
        r"bezahl",
        r"\bzahl",
        r"kartenzahlung",
        r"\bec.?karte",
        r"\bbar\b",
        r"\bcost",
        r"\bfees?\b",
        r"\bprice",
        r"how much",
        r"\bpay",
        r"\bcharge",
    ),
    "bring": (
        r"\b(?:which|what) documents",
        r"mitbring",
        r"mit bring",
        r"mitnehm",
        r"brauch\w* ich (?:alles|fuer|dafuer|zum|zur)(?!.*termin)",
        r"was brauch",
        r"welche (?:unterlagen|dokumente|papiere|nachweise)",
        r"unterlagen",
        r"\bpapiere\b",
        r"\bnachweis",
        r"dabei haben",
        r"\bbring",
        r"what do i need",
        r"documents? (?:do i|i need|required|needed)",
        r"\brequired\b",
        r"\bneed to take",
    ),
    "processing": (
        r"\bdauert\b",
        r"\bsofort\b",
        r"gleich mit",
        r"wann ist .{0,40}\bda\b",
        r"wie lange dauert",
        r"dauert (?:es|das)",
        r"wann (?:ist|wird|kann) .{0,30}(?:fertig|abhol)",
        r"bearbeitungs",
        r"\bfertig\b",
        r"\babhol",
        r"wie schnell",
        r"lieferzeit",
        r"wartezeit",
        r"how long",
        r"processing",
        r"\bready\b",
        r"\bpick(?:ing)? (?:it )?up",
        r"\bcollect",
    ),
    "walk_in": (
        r"ohne termin",
        r"ohne vorher",
        r"kein\w* termin (?:hab|bekomm|gekriegt|gebucht|frei)",
        r"(?:hab|habe|hat|haben) (?:noch |leider )?kein\w* termin",
        r"einfach (?:so )?vorbei",
        r"einfach (?:so )?kommen",
        r"spontan",
        r"walk.?in",
        r"without (?:an )?appointment",
        r"just (?:come|drop|show)",
    ),
    "appointment": (
        r"(?:brauch|benoetig)\w* (?:ich|man|wir)\b.{0,40}\btermin",
        r"(?:muss|muessen) (?:ich|man|wir)\b.{0,40}\btermin",
        r"termin (?:noetig|notwendig|erforderlich|pflicht)",
        r"nur mit termin",
        r"(?:do|does) (?:i|one|we) need an appointment",
        r"appointment (?:needed|required|necessary)",
    ),
    "children": (
        r"\bkind",
        r"\bkinder",
        r"tochter",
        r"\bsohn",
        r"\bbaby",
        r"saeugling",
        r"minderjaehrig",
        r"\bchild",
        r"\bkids?\b",
        r"\bson\b",
        r"daughter",
        r"\bminor\b",
    ),
    "lost": (
        r"verlor",
        r"gestohlen",
        r"geklaut",
        r"geklaud",
        r"verschwunden",
        r"\bweg\b",
        r"nicht mehr (?:da|auffindbar|finden)",
        r"\blost\b",
        r"stolen",
        r"\bmissing",
    ),
    # the office
    "address": (
        r"adress",
        r"anschrift",
        r"\bwo (?:ist|sind|seid|finde|befindet|genau|liegt|muss)",
        r"\bwohin\b",
        r"in welche\w* (?:strasse|gebaeude)",
        r"standort",
        r"where (?:is|are|do)",
        r"\baddress",
        r"located",
        r"location",
    ),
    "directions": (
        r"wie komm",
        r"anfahrt",
        r"hinkomm",
        r"\bbus\b",
        r"strassenbahn",
        r"\btram",
        r"\bbahn",
        r"haltestelle",
        r"oeffentlich",
        r"get there",
        r"directions",
        r"public transport",
    ),
    "accessibility": (
        r"barriere",
        r"rollstuhl",
        r"rolli\b",
        r"rollator",
        r"aufzug",
        r"fahrstuhl",
        r"\blift",
        r"kinderwagen",
        r"stufen",
        r"treppe",
        r"gehbehindert",
        r"wheelchair",
        r"accessib",
        r"elevator",
        r"\bsteps\b",
        r"stairs",
    ),
    "parking": (r"abstellen", r"\bpark", r"stellplatz", r"\bparking", r"car park"),
    "phone": (
        r"\bruf\w* (?:ich |euch |sie )?(?:lieber |einfach |dann )?an\b",
        r"telefon",
        r"\bnummer\b",
        r"rufnummer",
        r"anruf",
        r"\banrufen",
        r"hotline",
        r"\bphone",
        r"\bcall\b",
        r"\bring you",
    ),
    "email": (r"e-?mail", r"\bmail\b", r"\bmailadresse", r"\bschreib\w* (?:ich )?(?:euch|ihnen)"),
    "human": (
        r"\bmensch",
        r"mitarbeiter",
        r"sachbearbeiter",
        r"echte\w* person",
        r"person sprechen",
        r"jemand\w* (?:sprechen|reden|erreichen|anrufen)",
        r"mit jemandem",
        r"kein\w* (?:bot|roboter)",
        r"\bhuman\b",
        r"real person",
        r"\bagent\b",
        r"speak to (?:someone|somebody|a person|staff)",
        r"talk to (?:someone|somebody|a person|staff)",
    ),
    "week": (
        r"\bwoche\b",
        r"wochenuebersicht",
        r"\balle (?:oeffnungs|zeiten|tage)",
        r"ganze woche",
        r"\bweek\b",
        r"\bweekly\b",
    ),
    "now": (
        r"\bjetzt\b",
        r"\bgerade\b",
        r"\bgrad\b",
        r"\bmomentan\b",
        r"\baktuell\b",
        r"\bnow\b",
        r"\bcurrently\b",
        r"at the moment",
    ),
    # leaving a form: "ach vergessen Sie's", "ich komme lieber ohne Termin", "never mind"
    "leave": (
        r"vergiss",
        r"vergessen sie",
        r"vergesst",
        r"lass(?:en)? (?:wir )?(?:das|es)\b",
        r"lassen wir",
        r"\begal\b",
        r"doch nicht",
        r"hat sich erledigt",
        r"spaeter nochmal",
        r"melde mich spaeter",
        r"nicht mehr noetig",
        r"lieber (?:nicht|ohne|anrufen|vorbei)",
        r"ruf\w* (?:ich )?lieber",
        r"komm\w* (?:ich )?(?:lieber|einfach|dann einfach)",
        r"never ?mind",
        r"forget it",
        r"i'?ll just",
        r"rather not",
        r"\binstead\b",
    ),
    "later": (
        r"spaetere",
        r"spaeter\b(?! nochmal)",
        r"nicht so frueh",
        r"\blater\b",
        r"mehr zeiten",
        r"andere zeiten",
        r"weitere zeiten",
        r"more times",
    ),
    "add": (
        r"\bdazu\b",
        r"\bzusaetzlich",
        r"\bausserdem\b",
        r"\bnoch (?:ein|einen|eine)\b",
        r"as well",
    ),
    "no_booking": (
        r"(?:will|moechte|brauche|brauch|need|want) (?:\w+ )?(?:kein\w*|no) (?:termin|appointment)",
    ),
    # the waitlist: "Benachrichtigen Sie mich, wenn früher etwas frei wird"
    "waitlist": (
        r"warte ?liste",
        r"benachrichtig",
        r"bescheid (?:geben|sagen|wenn)",
        r"sag\w* (?:mir )?bescheid",
        r"melden sie sich,? (?:bei mir,? )?wenn",
        r"(?:wenn|falls|sobald) (?:\w+ ){0,3}frei wird",
        r"wait(?:ing)? ?list",
        r"\bnotify",
        r"let me know (?:if|when)",
        r"tell me (?:if|when)",
        r"(?:if|when) (?:something|a slot|an appointment|one) (?:earlier )?"
        r"(?:comes up|becomes (?:free|available))",
    ),
    "unlist": (
        r"austrag",
        r"verlass",
        r"(?:nehmen|streichen|entfernen|loeschen) sie mich",
        r"(?:von|aus) der warte ?liste (?:\w+ )?(?:nehmen|streichen|entfernen|loeschen|raus)",
        r"nicht mehr (?:warten|benachrichtig)",
        r"\bleave\b",
        r"take me off",
        r"remove me",
        r"no longer",
    ),
    "listed": (
        r"(?:bin|stehe) ich (?:noch )?(?:auf|in)",
        r"meine warte ?liste",
        r"am i (?:still )?on",
        r"my wait(?:ing)? ?list",
    ),
    # the matter of another office, place or trade: a question about it is out of scope even
    # when it asks for hours, a fee or an address ("Hat das Finanzamt am Freitag offen?")
    "elsewhere": (
        r"\w*steuer\b(?!.?id)",
        r"\bdog tax",
        r"\w*geld\b(?<!bargeld)(?<!kleingeld)",
        r"jobcent",
        r"job cent",
        r"arbeitsamt",
        r"agentur fuer arbeit",
        r"\w+amt\b(?<!buergeramt)(?<!standesamt)(?<!fuehrerscheinamt)",
        r"baugenehmigung",
        r"bauantrag",
        r"fundbuero",
        r"lost property",
        r"\bkita",
        r"kindergarten",
        r"\w*schule\b(?<!fahrschule)",
        r"\bschool",
        r"gewerbe",
        r"\bbusiness licen",
        r"sperrmuell",
        r"\bmuell",
        r"\babfall",
        r"\bwaste\b",
        r"schwimmbad",
        r"swimming",
        r"\bbad\b.*\b(?:offen|auf)\b",
        r"bibliothek",
        r"\blibrary",
        r"museum",
        r"\w*parkausweis",
        r"parkerlaubnis",
        r"parking permit",
        r"strafzettel",
        r"knoellchen",
        r"bussgeld",
        r"falschpark",
        r"schwerbehindert",
        r"\bhund",
        r"fischerei",
        r"angelschein",
        r"fishing",
        r"jagdschein",
        r"waffenschein",
        r"friedhof",
        r"schoeffe",
        r"\bwetter",
        r"weather",
        r"\bregnet",
        r"\bregen\b",
        r"gewitter",
        r"sonnig",
        r"\bsunny",
        r"\brain\b",
        r"fussball",
        r"football",
        r"bundesliga",
        r"\bsoccer",
        r"\bspiel(?:t|en)?\b",
        r"\bmatch\b",
        r"training",
        r"verein\b",
        r"\bclub\b",
        r"restaurant",
        r"\bhotel",
        r"eisdiele",
        r"\bcafe\b",
        r"\w*arzt\b",
        r"\bdoctor",
        r"\bdentist",
        r"apotheke",
        r"pharmacy",
        r"wochenmarkt",
        r"\bmarkt\b(?!platz)",
        r"\bmarket\b",
        r"\w*fest\b(?<!\bfest)",
        r"festival",
        r"f(?:ae|a)hrt\b.*\b(?:bus|zug|bahn|tram)\b",
        r"monatsticket",
        r"fahrkarte",
        r"fahrplan",
        r"\bticket",
        r"\bbus to\b",
        r"\btrain to\b",
        r"nachbar",
        r"\blaerm",
        r"child benefit",
        r"tax id",
        r"steuer.?id",
        r"\bgrab\b",
        r"schlagloch",
        r"wohnberechtigung",
        r"baumarkt",
        r"supermarkt",
        r"supermarket",
        r"tankstelle",
        r"petrol station",
        r"sparkasse",
        r"\bbank\b",
        r"\bpost\b",
        r"post office",
        r"friseur",
        r"\bkino",
        r"cinema",
        r"pizz",
        r"sondernutzung",
        r"schlagloecher",
    ),
    "booking_link": (
        r"\blink\b",
        r"webseite",
        r"website",
        r"internetseite",
        r"homepage",
        r"\burl\b",
        r"online.?termin",
        r"wo (?:kann ich )?(?:online )?buchen",
    ),
}

# Offices the Bürgerservice refers to: the referral's id in the config and its words.
_REFERRALS: dict[str, tuple[str, ...]] = {
    "fahrerlaubnis": (
        r"fuehrerschein",
        r"fuhrerschein",
        r"fahrerlaubnis",
        r"fahrschul",
        r"driv\w* licen",
        r"driver'?s licen",
    ),
    "zulassung": (
        r"\bkfz",
        r"zulassung",
        r"kennzeichen",
        r"nummernschild",
        r"\bauto (?:an|um|ab)melden",
        r"(?:auto|wagen|fahrzeug|motorrad|pkw)\w* (?:an|um|ab|zu)melden",
        r"\bmelde\w*\b.{0,30}\b(?:auto|fahrzeug|motorrad|pkw|roller|moped|anhaenger|wohnmobil)"
        r"\w*\b.{0,15}\b(?:an|um|ab)\b",
        r"fahrzeugbrief",
        r"fahrzeugschein",
        r"number plate",
        r"licen[cs]e plate",
        r"register (?:my|a) (?:car|vehicle)",
        r"car registration",
        r"vehicle registration",
    ),
    "standesamt": (
        r"standesamt",
        r"geburtsurkunde",
        r"heiratsurkunde",
        r"sterbeurkunde",
        r"\bheirat",
        r"hochzeit",
        r"eheschliess",
        r"trauung",
        r"namensaenderung",
        r"vaterschaft",
        r"birth certificate",
        r"marriage",
        r"get married",
        r"wedding",
        r"death certificate",
    ),
    "auslaenderbehoerde": (
        r"auslaenderbehoerde",
        r"aufenthaltstitel",
        r"aufenthaltserlaubnis",
        r"aufenthalts",
        r"\bvisum",
        r"\bvisa\b",
        r"einbuergerung",
        r"niederlassungserlaubnis",
        r"blaue karte",
        r"residence permit",
        r"blue card",
        r"naturali[sz]",
        r"\bcitizenship",
        r"work permit",
        r"arbeitserlaubnis",
    ),
}

_FILLER = re.compile(
    r"^(?:(?:hallo|hi|hey|moin|guten (?:tag|morgen|abend)|servus|entschuldigung|sorry|"
    r"kurze frage|eine frage|frage|hello|excuse me|quick question|ok(?:ay)?|also|und|aber|"
    r"achso|ach so|ah|oh|ja|nein|danke|please|bitte)[\s,.!:;-]+)+"
)
_YES_NO_START = re.compile(
    r"^(?:kann|kannst|koennen|koennt|konnte|koennte|muss|musst|muessen|muesst|brauch\w*|"
    r"benoetig\w*|ist|sind|seid|hat|habt|haben|hast|gibt|gibts|geht|gehts|darf|darfst|duerfen|"
    r"soll|sollte|reicht|klappt|wird|werden|bekomm\w*|krieg\w*|nehmt|nehmen|akzeptier\w*|"
    r"mach\w*|komm\w*|gilt|laesst|lasst|stimmt|oeffnet|oeffnen|arbeitet|arbeiten|"
    r"is|are|can|could|do|does|did|will|would|should|must|may|have|has|am)\b"
)
_TAG_QUESTION = re.compile(r"(?:,|\s)\s*(?:oder|oder nicht|ne|nicht wahr|gell|right|correct)\s*\?")


def _compile(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{w})" for w in words))


_TOPIC_RES = {name: _compile(words) for name, words in _TOPICS.items()}
_REFERRAL_RES = {name: _compile(words) for name, words in _REFERRALS.items()}


def topics(text: str) -> list[str]:
    """The topics a message asks about, in the order of the table ('fee', 'bring'…)."""
    folded = fold(text)
    return [name for name, pattern in _TOPIC_RES.items() if pattern.search(folded)]


def referrals(text: str) -> list[str]:
    """Ids of other offices the message is about ('fahrerlaubnis' for a driving licence)."""
    folded = fold(text)
    return [name for name, pattern in _REFERRAL_RES.items() if pattern.search(folded)]


def is_yes_no(text: str) -> bool:
    """A question to be answered with yes or no: it starts with a verb ('Kann ich…', 'Habt
    ihr…', 'Is it…') or ends with a tag ('…, oder?'). Only the last question counts."""
    sentences = re.split(r"(?<=[?!])\s+|(?<=[a-zäöüß]\.)\s+(?=[A-ZÄÖÜ])", text.strip())
    questions = [fold(q) for q in sentences if q.strip()]
    if not questions:
        return False
    asked = [q for q in questions if q.rstrip().endswith("?")]
    last = (asked or questions)[-1].strip()
    if _TAG_QUESTION.search(last):
        return True
    clauses = [c.strip() for c in re.split(r"[,;:–—]|\s-\s", last) if c.strip()]
    return any(_YES_NO_START.match(_FILLER.sub("", c)) for c in clauses)
