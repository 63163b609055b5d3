#!/usr/bin/env python3
"""Writes the sync-spec test vectors (v1, and the record changes of v2): files/<folder>/<name>, cases.json, fixture.json.

The vectors are data, committed as generated; this script documents how each was
made and is how a vector is added (append to CASES, run it, commit the output).
Deterministic: same script, same bytes.

    python3 sync-spec/vectors/generate_vectors.py
"""
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = os.path.join(HERE, "files")
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

PNG_1X1 = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def ms(iso_utc):
    """Milliseconds since the epoch of a 'YYYY-MM-DDTHH:MM:SS' UTC instant."""
    import datetime

    moment = datetime.datetime.fromisoformat(iso_utc).replace(tzinfo=datetime.timezone.utc)
    return int(moment.timestamp() * 1000)


def ulid(iso_utc, n):
    """A valid ULID: 48-bit time then 80 bits derived from n (deterministic)."""
    value = (ms(iso_utc) << 80) | (0x5EED0000000000000000 + n)
    chars = []
    for _ in range(26):
        chars.append(CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


FIXTURE = {
    "now": "2026-11-20T12:00:00Z",
    "params": {"visit_backdate_days": 30, "max_offline_days": 45, "farmer_categories": ["AGRI"]},
    "users": [
        {"windows_user": "jdupont", "erp_code": "JD01", "email": "jean.dupont@example.fr", "display_name": "Jean Dupont", "admin": False},
        {"windows_user": "mmartin", "erp_code": "MM02", "email": "marie.martin@example.fr", "display_name": "Marie Martin", "admin": False},
        {"windows_user": "pdurand", "erp_code": "PD03", "email": "pierre.durand@example.fr", "display_name": "Pierre Durand", "admin": False},
        {"windows_user": "slefebvre", "erp_code": "SL04", "email": "sophie.lefebvre@example.fr", "display_name": "Sophie Lefebvre", "admin": True},
    ],
    "clients": [
        {"c_client": "C000101", "nom_client": "Transports Morel", "c_rep": "JD01", "c_agence": "LYON", "tel_1": "04 78 12 34 56", "active": True},
        {"c_client": "C000102", "nom_client": "Garage du Centre", "c_rep": "MM02", "c_agence": "LYON", "tel_1": "04 72 00 11 22", "active": True},
        {"c_client": "C000103", "nom_client": "EARL des Trois Chênes", "c_rep": "JD01", "c_agence": "LYON", "tel_1": "04 74 55 66 77", "active": False},
    ],
}

# Prospect ids made on the laptop.
P1 = ulid("2026-11-19T08:00:00", 1)
P2 = ulid("2026-11-19T08:05:00", 2)
P9 = ulid("2026-11-19T08:09:00", 9)

CREATED = "2026-11-19T10:15:00+01:00"
ANSWERS = {
    "type_contact": "visite",
    "type_visite": "avec_rdv",
    "objet_visite": ["commande", "remise_proposition"],
    "remise_proposition_type": ["pl_plp"],
}
COMPLETE = {
    "c_fam_client": "TRAN", "c_sfam_client": "PL", "c_titre": "SARL", "nom_client": "Transports Fabre",
    "adr1_fac": "12 rue des Acacias", "dep_fac": "69", "bur_dis_fac": "003", "ville_fac": "Lyon",
    "c_agence": "LYON", "c_rep": "JD01", "c_pays": "FR", "tel_1": "04 78 98 76 54",
    "contact_divers_2": "73282932000074", "c_per": "M", "c_catc": "TRANS", "c_mod_rgl_1": "LD",
    "nb_jour_1": "30", "type_edition_fac": "P", "iban": "FR7630006000011234567890189", "bic": "BNPAFRPPXXX",
}


def envelope(kind, user, change_id, payload, created_at=CREATED, spec=1, **extra):
    body = {"spec": spec, "type": kind, "change_id": change_id, "user": user, "device": "PC-" + user.upper(),
            "created_at": created_at, "payload": payload}
    body.update(extra)
    return body


def visit(date="2026-11-19", time="09:30", comment="Client satisfait, demande un devis PL.", answers=None):
    return {"visit_date": date, "visit_time": time, "comment": comment,
            "answers": ANSWERS if answers is None else answers}


def with_fields(**changes):
    fields = dict(COMPLETE)
    for key, value in changes.items():
        if value is None:
            fields.pop(key, None)
        else:
            fields[key] = value
    return fields


CASES = []
_counter = [100]


def case(case_id, kind, user, payload, outcome, reason=None, final=None, note="", folder=None,
         name=None, raw=None, change_id=None, **envelope_extra):
    """Adds a case; returns its file name."""
    _counter[0] += 1
    cid = change_id or ulid("2026-11-19T09:%02d:00" % (_counter[0] % 60), _counter[0])
    folder = folder or user
    name = name or "%s_%s_%s.json" % (kind, user, cid)
    if raw is None:
        raw = json.dumps(envelope(kind, user, cid, payload, **envelope_extra), ensure_ascii=False, indent=2) + "\n"
    path = os.path.join(FILES, folder, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(raw, bytes) else "w"
    with open(path, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as handle:
        handle.write(raw)
    item = {"id": case_id, "folder": folder, "file": name, "outcome": outcome}
    if reason:
        item["reason"] = reason
    if final:
        item["final"] = final
    item["note"] = note
    CASES.append(item)
    return name, cid


def again(case_id, folder, name, outcome, note):
    """Delivers an existing vector file once more."""
    CASES.append({"id": case_id, "folder": folder, "file": name, "outcome": outcome, "note": note})


# Record ids made on the laptop (sync-spec section 12).
PARTY_A = ulid("2026-11-19T07:00:00", 201)
PARTY_B = ulid("2026-11-19T07:01:00", 202)
PARTY_C = ulid("2026-11-19T07:02:00", 203)
PARTY_D = ulid("2026-11-19T07:03:00", 204)
PERSON_1 = ulid("2026-11-19T07:10:00", 211)
PERSON_2 = ulid("2026-11-19T07:11:00", 212)
ACTION_1 = ulid("2026-11-19T07:20:00", 221)
ACTION_9 = ulid("2026-11-19T07:29:00", 229)
REPLY_1 = ulid("2026-11-19T07:30:00", 231)
REPLY_2 = ulid("2026-11-19T07:31:00", 232)
TODO_1 = ulid("2026-11-19T07:40:00", 241)
OPPORTUNITY_1 = ulid("2026-11-19T07:58:00", 258)


def record(entity, op, record_id, fields=None):
    """An RC payload."""
    payload = {"entity": entity, "op": op, "id": record_id}
    if fields is not None:
        payload["fields"] = fields
    return payload


def rc(case_id, user, payload, outcome, reason=None, created_at=CREATED, spec=2, **extra):
    """A record change: type RC, spec 2 unless the case is about the version."""
    return case(case_id, "RC", user, payload, outcome, reason, created_at=created_at, spec=spec, **extra)


def later(minute):
    """A created_at after CREATED, so that an update is the last writer of its fields."""
    return "2026-11-19T11:%02d:00+01:00" % minute


def record_changes():
    """Section 12: parties, people, actions, replies and todos as RC files (spec 2)."""
    company = {"kind": "company", "name": "Transports Girard", "phone": "04 78 10 20 30", "city": "Lyon"}
    first, _ = rc("rc_party_create_company", "jdupont", record("party", "create", PARTY_A, company), "integrated",
                  note="A company created offline; with no owner field it is its creator's.")
    rc("rc_party_create_private_person", "jdupont",
       record("party", "create", PARTY_B, {"kind": "person", "name": "Lambert", "first_name": "Claire",
                                           "mobile": "06 12 34 56 78", "email": "claire.lambert@example.fr"}),
       "integrated", note="A private person (B2C): last name in name, first name apart.")
    rc("rc_party_create_with_siret", "jdupont",
       record("party", "create", PARTY_C, {"kind": "company", "name": "Fabre Logistique",
                                           "siret": "73282932000074", "vat": "FR44732829320", "owner": "jdupont"}),
       "integrated", note="SIRET and VAT numbers with valid keys; assigned to its creator.")
    again("rc_delivered_twice", "jdupont", first, "duplicate", "The same RC file again: no second effect.")
    rc("rc_party_update", "jdupont", record("party", "update", PARTY_A, {"city": "Villeurbanne", "postal_code": "69100"}),
       "integrated", created_at=later(0), note="An update carries only the fields that changed.")
    rc("rc_party_update_clears_a_field", "jdupont", record("party", "update", PARTY_A, {"phone": None}),
       "integrated", created_at=later(1), note="null clears an optional field.")
    rc("rc_party_update_by_admin", "slefebvre", record("party", "update", PARTY_A, {"notes": "Client historique du dépôt."}),
       "integrated", created_at=later(2), note="The admin writes every record (the policy's fixed rule).")
    rc("rc_party_created_twice", "jdupont", record("party", "create", PARTY_A, company), "failed", "already_exists",
       note="A record id is created once; the second creation is refused.")
    rc("rc_party_update_by_other_rep", "mmartin", record("party", "update", PARTY_A, {"city": "Vienne"}),
       "failed", "not_allowed", created_at=later(3),
       note="The default policy: a rep writes their own parties only (this one is jdupont's).")
    rc("rc_party_for_a_colleague", "mmartin",
       record("party", "create", ulid("2026-11-19T07:05:00", 205), dict(company, owner="jdupont")),
       "failed", "not_allowed", note="Nor may a rep create a party assigned to someone else.")
    rc("rc_party_missing_name", "jdupont",
       record("party", "create", ulid("2026-11-19T07:06:00", 206), {"kind": "company", "city": "Lyon"}),
       "failed", "missing_mandatory", note="A party's kind and name are mandatory at creation.")
    rc("rc_party_clears_its_name", "jdupont", record("party", "update", PARTY_A, {"name": None}),
       "failed", "missing_mandatory", created_at=later(4), note="A mandatory field cannot be cleared.")
    rc("rc_party_bad_siret", "jdupont",
       record("party", "create", ulid("2026-11-19T07:07:00", 207), dict(company, siret="73282932000075")),
       "failed", "invalid_field", note="A SIRET whose Luhn key is wrong.")
    rc("rc_party_bad_phone", "jdupont", record("party", "update", PARTY_A, {"phone": "rappeler demain"}),
       "failed", "invalid_field", created_at=later(5), note="A phone that is not a phone number.")
    rc("rc_party_bad_email", "jdupont", record("party", "update", PARTY_B, {"email": "claire.lambert@"}),
       "failed", "invalid_field", created_at=later(6), note="An e-mail that is not one.")
    rc("rc_party_name_line_break", "jdupont", record("party", "update", PARTY_A, {"name": "Transports\nGirard"}),
       "failed", "invalid_field", created_at=later(7), note="Names are single-line (section 3.1).")
    rc("rc_party_unknown_field", "jdupont", record("party", "update", PARTY_A, {"colour": "bleu"}),
       "failed", "schema", created_at=later(8), note="Unknown fields are refused, per entity.")

    rc("rc_person_create", "jdupont",
       record("person", "create", PERSON_1, {"party_id": PARTY_A, "first_name": "Luc", "last_name": "Girard",
                                             "position": "Gérant", "phone": "04 78 10 20 31"}),
       "integrated", note="A person of a company: owned as their party is.")
    rc("rc_person_update", "jdupont", record("person", "update", PERSON_1, {"email": "luc.girard@example.fr"}),
       "integrated", created_at=later(9), note="Only the changed field travels.")
    rc("rc_person_before_its_party", "jdupont",
       record("person", "create", PERSON_2, {"party_id": PARTY_D, "last_name": "Roux"}), "parked",
       final="integrated", change_id=ulid("2026-11-19T09:31:00", 70),
       note="Arrives before the party it belongs to: parked like an MP before its CP.")
    rc("rc_party_after_its_person", "jdupont",
       record("party", "create", PARTY_D, {"kind": "company", "name": "Garage Roux"}), "integrated",
       change_id=ulid("2026-11-19T09:01:00", 71),
       note="The late party; in the same pass the parked person is retried and integrated.")
    rc("rc_person_missing_last_name", "jdupont",
       record("person", "create", ulid("2026-11-19T07:12:00", 213), {"party_id": PARTY_A, "first_name": "Anne"}),
       "failed", "missing_mandatory", note="A person's party and last name are mandatory.")
    rc("rc_person_bad_mobile", "jdupont", record("person", "update", PERSON_1, {"mobile": "06 12"}),
       "failed", "invalid_field", created_at=later(10), note="A mobile number too short to be one.")
    rc("rc_person_on_other_reps_party", "mmartin",
       record("person", "create", ulid("2026-11-19T07:13:00", 214), {"party_id": PARTY_A, "last_name": "Morel"}),
       "failed", "not_allowed", note="A person hangs on a party: writing it is writing on that party.")

    rc("rc_action_create", "jdupont",
       record("action", "create", ACTION_1, {"party_id": PARTY_A, "person_id": PERSON_1, "action_type": "appel",
                                             "date": "2026-11-19", "time": "09:45",
                                             "comment": "Appel de présentation.\nRappeler en janvier."}),
       "integrated", note="An action on a party, with a person and a multi-line comment.")
    rc("rc_action_bad_time", "jdupont",
       record("action", "create", ulid("2026-11-19T07:21:00", 222), {"party_id": PARTY_A, "action_type": "appel",
                                                                      "date": "2026-11-19", "time": "25:00"}),
       "failed", "invalid_field", note="A time is HH:MM, 00:00 to 23:59.")
    rc("rc_action_missing_date", "jdupont",
       record("action", "create", ulid("2026-11-19T07:22:00", 223), {"party_id": PARTY_A, "action_type": "appel"}),
       "failed", "missing_mandatory", note="An action's party, type and date are mandatory.")
    rc("rc_action_on_other_reps_party", "mmartin",
       record("action", "create", ulid("2026-11-19T07:23:00", 224), {"party_id": PARTY_A, "action_type": "visite",
                                                                      "date": "2026-11-19"}),
       "failed", "not_allowed", note="Actions on jdupont's party are his to write.")

    rc("rc_action_reply_create", "jdupont",
       record("action_reply", "create", REPLY_1, {"action_id": ACTION_1, "author": "Luc Girard",
                                                   "date": "2026-11-19", "text": "Intéressé, envoyer un devis."}),
       "integrated", note="A reply under an action, owned as the action's party is.")
    rc("rc_action_reply_before_its_action", "jdupont",
       record("action_reply", "create", REPLY_2, {"action_id": ACTION_9, "author": "Luc Girard",
                                                   "date": "2026-11-19", "text": "Rappel reçu."}),
       "parked", final="parked", note="Its action never arrives: stays parked (fails with unknown_parent "
                                      "after parked_max_days).")
    rc("rc_action_reply_missing_text", "jdupont",
       record("action_reply", "create", ulid("2026-11-19T07:32:00", 233), {"action_id": ACTION_1,
                                                                            "author": "Luc Girard",
                                                                            "date": "2026-11-19"}),
       "failed", "missing_mandatory", note="A reply's text is mandatory.")

    rc("rc_todo_create", "mmartin",
       record("todo", "create", TODO_1, {"text": "Préparer la tournée de décembre", "due": "2026-11-27",
                                         "repeat_days": 30}),
       "integrated", note="A todo about no party: its creator's.")
    rc("rc_todo_done", "mmartin", record("todo", "update", TODO_1, {"done_on": "2026-11-19"}),
       "integrated", created_at=later(11), note="Marked done offline.")
    rc("rc_todo_bad_repeat", "mmartin", record("todo", "update", TODO_1, {"repeat_days": 0}),
       "failed", "invalid_field", created_at=later(12), note="A todo comes back after 1 to 366 days.")
    rc("rc_todo_delete", "mmartin", record("todo", "delete", TODO_1), "integrated", created_at=later(13),
       note="Deleted: a tombstone keeps its last values.")
    rc("rc_todo_update_after_delete", "mmartin", record("todo", "update", TODO_1, {"text": "Tournée de janvier"}),
       "failed", "record_deleted", created_at=later(14),
       note="A deletion wins over every later update; the refused value is kept in the todo's history.")
    rc("rc_delete_with_fields", "mmartin", record("todo", "delete", TODO_1, {"text": "x"}), "failed", "schema",
       created_at=later(15), note="A deletion carries no fields.")
    rc("rc_party_delete", "jdupont", record("party", "delete", PARTY_C), "integrated", created_at=later(16),
       note="The owner deletes a party.")
    rc("rc_person_on_deleted_party", "jdupont",
       record("person", "create", ulid("2026-11-19T07:14:00", 215), {"party_id": PARTY_C, "last_name": "Fabre"}),
       "failed", "record_deleted", created_at=later(17), note="A record cannot hang on a deleted one.")

    rc("rc_unknown_entity", "jdupont", record("invoice", "create", ulid("2026-11-19T07:50:00", 250), {"total": "10"}),
       "failed", "schema", note="Only party, person, action, action_reply and todo travel as records.")
    rc("rc_update_without_fields", "jdupont", record("party", "update", PARTY_A, {}), "failed", "schema",
       created_at=later(18), note="An update changes at least one field.")
    rc("rc_create_without_fields", "jdupont", record("todo", "create", ulid("2026-11-19T07:51:00", 251)),
       "failed", "schema", note="A creation carries its fields.")
    rc("rc_record_id_not_ulid", "jdupont", record("party", "create", "party-1", company), "failed", "schema",
       note="A record id is a ULID minted where the record was created.")
    rc("rc_with_spec_1", "jdupont", record("party", "update", PARTY_A, {"city": "Bron"}), "failed",
       "unsupported_spec", spec=1, created_at=later(19),
       note="A record change is spec 2; saying 1 it would be read under rules it does not follow.")
    rc("rc_with_spec_3", "jdupont", record("party", "update", PARTY_A, {"city": "Bron"}), "failed",
       "unsupported_spec", spec=3, created_at=later(20), note="A version this reader does not know.")
    case("mc_with_spec_2", "MC", "jdupont", {"client_code": "C000101", "revisit": {"date": "2026-12-20"}},
         "failed", "unsupported_spec", spec=2, note="The six v1 types stay spec 1, byte for byte.")
    rc("rc_bad_name_lower_case", "jdupont", record("party", "update", PARTY_A, {"city": "Bron"}), "failed",
       "bad_name", name="rc_jdupont_%s.json" % ulid("2026-11-19T09:52:00", 252), created_at=later(21),
       note="Types are upper case in names.")
    rc("rc_name_mismatch_user", "jdupont", record("party", "update", PARTY_A, {"city": "Bron"}), "failed",
       "name_mismatch", name="RC_mmartin_%s.json" % ulid("2026-11-19T09:53:00", 253), created_at=later(22),
       note="The user in the name and in the body differ.")

    rc("rc_action_unknown_type", "jdupont",
       record("action", "create", ulid("2026-11-19T07:24:00", 225), {"party_id": PARTY_A, "action_type": "fax",
                                                                      "date": "2026-11-19"}),
       "failed", "unknown_action_type",
       note="An action's type is one of the admin's action types (the config row action_types).")
    rc("rc_action_update_to_unknown_type", "jdupont", record("action", "update", ACTION_1, {"action_type": "pigeon"}),
       "failed", "unknown_action_type", created_at=later(23),
       note="So is a type an update sets; the action keeps its type.")
    rc("rc_action_update_to_known_type", "jdupont", record("action", "update", ACTION_1, {"action_type": "rdv"}),
       "integrated", created_at=later(24), note="Another type of the list: accepted.")

    opportunity = {"party_id": PARTY_A, "title": "Pneus hiver flotte 2027", "value_cents": 1250000,
                   "expected_close": "2027-01-31", "pipeline": "standard", "stage": "qualification",
                   "status": "open"}
    rc("rc_opportunity_create", "jdupont", record("opportunity", "create", OPPORTUNITY_1, opportunity),
       "integrated", created_at=later(25),
       note="An opportunity starts open at the first stage of a pipeline of the config row pipelines.")
    rc("rc_opportunity_skips_a_stage", "jdupont",
       record("opportunity", "update", OPPORTUNITY_1, {"stage": "proposition"}), "failed", "opportunity_rule",
       created_at=later(26), note="No stage is skipped: from qualification the next stage is besoin.")
    rc("rc_opportunity_next_stage", "jdupont",
       record("opportunity", "update", OPPORTUNITY_1, {"stage": "besoin"}), "integrated", created_at=later(27),
       note="One stage forward.")
    rc("rc_opportunity_lost_without_reason", "jdupont",
       record("opportunity", "update", OPPORTUNITY_1, {"status": "lost"}), "failed", "opportunity_rule",
       created_at=later(28), note="A lost opportunity says why.")
    rc("rc_opportunity_lost", "jdupont",
       record("opportunity", "update", OPPORTUNITY_1, {"status": "lost", "loss_reason": "Prix trop élevé"}),
       "integrated", created_at=later(29), note="Lost from any stage, with its reason.")
    rc("rc_opportunity_closed_is_final", "jdupont",
       record("opportunity", "update", OPPORTUNITY_1, {"title": "Autre affaire"}), "failed", "opportunity_rule",
       created_at=later(30), note="A closed opportunity takes no change any more.")
    rc("rc_opportunity_float_value", "jdupont",
       record("opportunity", "create", ulid("2026-11-19T07:59:00", 259),
              dict(opportunity, value_cents=12.5)), "failed", "schema",
       note="Values are integer euro cents, never a float.")


QUOTE_1 = ulid("2026-11-19T07:45:00", 245)


def quote_changes():
    """Section 12.1: quotes (entity quote), their status moves and what they may not carry."""
    lines = [
        {"reference": "DESIGN-CUIS", "label": "Un projet de design de cuisine", "quantity_milli": 1000,
         "unit": "forfait", "unit_price_cents": 150000, "vat": 2000},
        {"reference": "ARM-100", "label": "Une armoire de 100cm", "quantity_milli": 2000, "unit": "pièce",
         "unit_price_cents": 48990, "discount_bp": 1000, "vat": 2000},
    ]
    quote = {"party_id": PARTY_A, "lines": lines, "valid_until": "2026-12-19", "status": "draft",
             "temp_ref": "P-jdupont-1"}
    rc("rc_quote_create", "jdupont", record("quote", "create", QUOTE_1, quote), "integrated",
       created_at=later(30), note="Brief 002's kitchen quote on the rep's party: numbered D-<year>-1 by the server.")
    rc("rc_quote_other_reps_party", "mmartin",
       record("quote", "create", ulid("2026-11-19T07:46:00", 246), dict(quote, temp_ref="P-mmartin-1")),
       "failed", "not_allowed", created_at=later(31), note="A quote is its party's: not on a colleague's party.")
    rc("rc_quote_sent", "jdupont", record("quote", "update", QUOTE_1, {"status": "sent"}), "integrated",
       created_at=later(32), note="draft → sent.")
    rc("rc_quote_back_to_draft", "jdupont", record("quote", "update", QUOTE_1, {"status": "draft"}), "failed",
       "quote_rule", created_at=later(33), note="A sent quote does not go back to draft (rule quote_status_move).")
    rc("rc_quote_old_vat_rate", "jdupont",
       record("quote", "update", QUOTE_1, {"lines": [dict(lines[0], vat=1960)]}), "failed", "schema",
       created_at=later(34), note="VAT rates are the French ones in basis points: 19.6 % is no longer one.")
    rc("rc_quote_with_number", "jdupont", record("quote", "update", QUOTE_1, {"number": "D-2026-9"}), "failed",
       "schema", created_at=later(35), note="Only the server numbers a quote.")
    rc("rc_quote_accepted", "jdupont", record("quote", "update", QUOTE_1,
                                              {"status": "accepted", "signer_name": "Luc Girard",
                                               "signed_at": "2026-11-19T10:36:00Z"}),
       "integrated", created_at=later(36), note="sent → accepted, signed.")
    rc("rc_quote_edit_after_acceptance", "jdupont", record("quote", "update", QUOTE_1,
                                                           {"valid_until": "2027-01-31"}),
       "failed", "quote_rule", created_at=later(37), note="An accepted quote is not edited (rule quote_closed).")


SEGMENT_1 = ulid("2026-11-19T07:50:00", 250)


def segment_changes():
    """Section 12.2: segments (entity segment), saved lists and criteria, their owner's."""
    criteria = {"name": "Prospects lyonnais", "kind": "criteria",
                "criteria": {"statuses": ["prospect"], "postal_prefix": "69", "idle_days": 30}}
    rc("rc_segment_create_criteria", "jdupont", record("segment", "create", SEGMENT_1, criteria), "integrated",
       created_at=later(40), note="A criteria segment; evaluated by the app over the parties its user reads.")
    rc("rc_segment_list_members", "jdupont",
       record("segment", "update", SEGMENT_1, {"kind": "list", "members": [PARTY_A, PARTY_C]}), "integrated",
       created_at=later(41), note="Made a list of two parties: the members travel as one value.")
    rc("rc_segment_other_reps", "mmartin", record("segment", "update", SEGMENT_1, {"name": "Le mien"}),
       "failed", "not_allowed", created_at=later(42), note="A segment is its owner's: a rep writes their own only.")
    rc("rc_segment_member_twice", "jdupont",
       record("segment", "update", SEGMENT_1, {"members": [PARTY_A, PARTY_A]}), "failed", "invalid_field",
       created_at=later(43), note="A party is in a list once (uniqueItems).")
    rc("rc_segment_without_criteria", "jdupont",
       record("segment", "create", ulid("2026-11-19T07:51:00", 251), {"name": "Tout", "kind": "criteria",
                                                                     "criteria": {}}),
       "failed", "invalid_field", created_at=later(44), note="Criteria without any criterion would hold every party.")


def main():
    if os.path.isdir(FILES):
        shutil.rmtree(FILES)
    vc1, _ = case("vc_valid", "VC", "jdupont", {"client_code": "C000101", "visit": visit()}, "integrated",
                  note="A client visit with form answers becomes one client_relation row (annex 1).")
    _, vc2_id = case("vc_empty_comment", "VC", "jdupont",
                     {"client_code": "C000101", "visit": visit(comment="", answers={"type_contact": "telephone"})},
                     "integrated", note="An empty comment is allowed: commentaire is just 'saisie via le CRM'.")
    again("vc_delivered_twice", "jdupont", vc1, "duplicate", "The same file again: no second effect.")
    conflict = vc1.replace(".json", ".sync-conflict-20261119-101600-ABCDEF7.json")
    shutil.copy(os.path.join(FILES, "jdupont", vc1), os.path.join(FILES, "jdupont", conflict))
    again("vc_conflict_copy", "jdupont", conflict, "duplicate",
          "A Syncthing conflict copy of an integrated file is recognised by its change id.")
    case("duplicate_change_id_other_content", "MC", "jdupont",
         {"client_code": "C000101", "revisit": {"date": "2026-12-01"}}, "duplicate", change_id=vc2_id,
         note="A change id already integrated, whatever the content: nothing is applied.")
    case("mc_changes", "MC", "jdupont",
         {"client_code": "C000101", "changes": [{"field": "tel_1", "old": "04 78 12 34 56", "new": "04 78 12 34 57"},
                                                {"field": "ville_fac", "old": "Lyon", "new": "Villeurbanne"}]},
         "integrated", note="Field changes for the accountant: a modification request, a relation row, a mail due.")
    case("mc_revisit_only", "MC", "jdupont", {"client_code": "C000101", "revisit": {"date": "2026-12-18"}},
         "integrated", note="The rep's revisit date, applied directly.")
    case("mc_fleet_only", "MC", "jdupont", {"client_code": "C000101", "fleet": {"VL": 4, "PL_PLP": 12}},
         "integrated", note="The fleet, applied directly.")
    case("mc_unknown_fleet_type", "MC", "jdupont", {"client_code": "C000101", "fleet": {"BUS": 2}},
         "failed", "invalid_field", note="Fleet types are a parameter; BUS is not one.")
    case("mc_unknown_field", "MC", "jdupont",
         {"client_code": "C000101", "changes": [{"field": "couleur", "old": "", "new": "bleu"}]},
         "failed", "unknown_field", note="Only fields of the profile can be changed.")
    case("cp_valid", "CP", "jdupont",
         {"prospect_id": P1, "fields": {"nom_client": "Transports Fabre", "tel_1": "04 78 98 76 54", "ville_fac": "Lyon"},
          "contacts": [{"name": "Paul Fabre", "role": "gérant", "phone": "06 11 22 33 44", "email": "paul@fabre.fr"}]},
         "integrated", note="A new prospect, owned by its creator.")
    case("cp_missing_name", "CP", "jdupont", {"prospect_id": ulid("2026-11-19T08:01:00", 3), "fields": {"ville_fac": "Lyon"}},
         "failed", "missing_mandatory", note="The name is the one mandatory field of a prospect.")
    case("cp_bad_phone", "CP", "jdupont",
         {"prospect_id": ulid("2026-11-19T08:02:00", 4), "fields": {"nom_client": "Garage Roux", "tel_1": "rappeler demain"}},
         "failed", "invalid_field", note="A phone that is not a phone number.")
    case("cp_reused_prospect_id", "CP", "jdupont", {"prospect_id": P1, "fields": {"nom_client": "Autre nom"}},
         "failed", "already_exists", note="A prospect id is created once.")
    case("mp_update_by_creator", "MP", "jdupont",
         {"prospect_id": P1, "op": "update", "fields": {"contact_divers_4": "contact@fabre.fr", "adr2_fac": None}},
         "integrated", note="The creator edits; null clears a field.")
    case("mp_before_its_cp", "MP", "jdupont",
         {"prospect_id": P2, "op": "update", "fields": {"ville_fac": "Vienne"}}, "parked", final="integrated",
         change_id=ulid("2026-11-19T09:30:00", 50),
         note="Arrives before the CP of its prospect: parked, integrated once the CP is in.")
    case("cp_after_its_mp", "CP", "jdupont",
         {"prospect_id": P2, "fields": {"nom_client": "Garage Bonnet", "tel_1": "+33 4 72 10 20 30"}}, "integrated",
         change_id=ulid("2026-11-19T09:00:00", 51),
         note="The late CP; in the same pass the parked MP is retried and integrated.")
    case("mp_delete_by_non_owner", "MP", "mmartin", {"prospect_id": P1, "op": "delete"}, "failed", "not_owner",
         note="Only the creator or the assignee may delete a prospect.")
    case("vp_valid", "VP", "jdupont", {"prospect_id": P1, "visit": visit(comment="Premier contact.")}, "integrated",
         note="A visit to a prospect.")
    case("vp_unknown_prospect", "VP", "jdupont", {"prospect_id": P9, "visit": visit()}, "parked", final="parked",
         note="Its prospect never arrives: stays parked (fails after parked_max_days).")
    case("cc_valid_ld", "CC", "jdupont",
         {"prospect_id": P1, "fields": with_fields(), "signature": {"media_type": "image/png", "data_base64": PNG_1X1}},
         "integrated", note="Conversion request with LD: valid IBAN and BIC, signature: awaits the accountant.")
    case("cc_ld_bad_iban", "CC", "jdupont",
         {"prospect_id": P2, "fields": with_fields(iban="FR7630006000011234567890188"),
          "signature": {"media_type": "image/png", "data_base64": PNG_1X1}},
         "failed", "invalid_field", note="IBAN with a wrong mod-97 key.")
    case("cc_ld_no_signature", "CC", "jdupont", {"prospect_id": P2, "fields": with_fields()}, "failed",
         "signature_required", note="LD requires the client's signature.")
    case("cc_ch_not_farmer", "CC", "jdupont",
         {"prospect_id": P2, "fields": with_fields(c_mod_rgl_1="CH", nb_jour_1="20", iban=None, bic=None)},
         "failed", "payment_mode", note="CH is for farmer categories only (TRAN is not).")
    case("cc_missing_mandatory", "CC", "jdupont",
         {"prospect_id": P2, "fields": with_fields(ville_fac=None, c_mod_rgl_1="VI", iban=None, bic=None)},
         "failed", "missing_mandatory", note="Every mandatory field of annex 2 must be set.")
    case("mp_delete_by_owner", "MP", "jdupont", {"prospect_id": P2, "op": "delete"}, "integrated",
         note="The creator deletes the prospect.")
    case("mp_update_after_delete", "MP", "jdupont", {"prospect_id": P2, "op": "update", "fields": {"ville_fac": "Lyon"}},
         "failed", "prospect_deleted", note="A delete wins over later updates.")
    case("bad_json", "VC", "jdupont", None, "failed", "bad_json", raw='{"spec": 1, "type": "VC", ',
         note="Truncated JSON.")
    case("schema_extra_field", "VC", "jdupont", {"client_code": "C000101", "visit": visit(), "colour": "red"},
         "failed", "schema", note="Unknown fields are refused (additionalProperties: false).")
    cid = ulid("2026-11-19T09:40:00", 60)
    case("unknown_type_in_body", "VC", "jdupont", None, "failed", "unknown_type",
         raw=json.dumps(envelope("ZZ", "jdupont", cid, {"client_code": "C000101"}), indent=2) + "\n", change_id=cid,
         note="A valid name but a type the spec does not know.")
    case("unknown_type_in_name", "XX", "jdupont", {"client_code": "C000101", "visit": visit()}, "failed", "bad_name",
         note="A name whose type is not one of the six is not a change-file name.")
    case("bad_name", "VC", "jdupont", {"client_code": "C000101", "visit": visit()}, "failed", "bad_name",
         name="visite_jdupont.json", note="Not <TYPE>_<user>_<ULID>.json.")
    case("name_mismatch_change_id", "VC", "jdupont", {"client_code": "C000101", "visit": visit()}, "failed",
         "name_mismatch", name="VC_jdupont_%s.json" % ulid("2026-11-19T09:41:00", 61),
         note="The change id in the name and in the body differ.")
    case("vc_future_date", "VC", "jdupont", {"client_code": "C000101", "visit": visit(date="2026-11-20")}, "failed",
         "future_date", note="Visit dated after the day it was recorded (created_at 19/11).")
    case("vc_date_beyond_bound", "VC", "jdupont", {"client_code": "C000101", "visit": visit(date="2026-10-10")},
         "failed", "date_out_of_bound", note="More than 30 days before created_at.")
    case("vc_unknown_client", "VC", "jdupont", {"client_code": "C999999", "visit": visit()}, "failed",
         "unknown_client", note="No such client code.")
    case("vc_inactive_client", "VC", "jdupont", {"client_code": "C000103", "visit": visit()}, "failed",
         "unknown_client", note="An inactive client takes no visits.")
    case("oversized", "VC", "jdupont",
         {"client_code": "C000101", "visit": visit(comment="x" * 1_100_000)}, "failed", "oversized",
         note="Larger than the 1 MiB limit.")
    case("foreign_folder", "VC", "mmartin", {"client_code": "C000102", "visit": visit()}, "failed", "foreign_folder",
         folder="jdupont", note="A file in mmartin's name found in jdupont's folder.")
    case("unknown_user", "VC", "zzinconnu", {"client_code": "C000101", "visit": visit()}, "failed", "unknown_user",
         note="A user absent from the mapping.")
    case("unsupported_spec", "VC", "jdupont", {"client_code": "C000101", "visit": visit()}, "failed",
         "unsupported_spec", spec=2, note="A future version of the spec.")
    case("invalid_answers", "VC", "jdupont",
         {"client_code": "C000101",
          "visit": visit(answers={"type_contact": "visite", "objet_visite": ["commande"], "remise_proposition_type": ["tp"]})},
         "failed", "invalid_answers", note="A sub-question answered without its parent option.")
    case("created_at_ahead_of_server", "VC", "jdupont",
         {"client_code": "C000101", "visit": visit(date="2026-11-22")}, "failed", "future_date",
         created_at="2026-11-22T09:00:00+01:00", note="A laptop clock more than 24 h ahead of the server.")
    case("vc_other_rep", "VC", "mmartin", {"client_code": "C000102", "visit": visit(date="2026-11-18")}, "integrated",
         created_at="2026-11-19T07:00:00-05:00", note="Another rep, another UTC offset.")

    cid = ulid("2026-11-19T09:42:00", 62)
    text = json.dumps(envelope("VC", "jdupont", cid, {"client_code": "C000101", "visit": visit()}),
                      ensure_ascii=False, indent=2) + "\n"
    twice = text.replace('"comment": ', '"comment": "Rien à signaler.",\n      "comment": ', 1)
    case("duplicate_key", "VC", "jdupont", None, "failed", "duplicate_key", raw=twice, change_id=cid,
         note="The same key twice in one object (here the visit's comment): some readers keep the first, "
              "others the last, so the file is refused whatever its signature covers.")

    # Issue 11 (« Trust »): dates judged against the file's arrival, the portfolio owner's
    # attributes, the text and contact rules of section 3.1.
    case("stale_change", "VC", "jdupont", {"client_code": "C000101", "visit": visit(date="2026-09-29")},
         "failed", "stale_change", created_at="2026-09-30T10:00:00+02:00",
         note="Written 51 days before it arrived (the fixture's clock), more than max_offline_days (45): a "
              "laptop clock that cannot be trusted, though the visit is within 30 days of created_at.")
    case("offline_within_bound", "VC", "jdupont", {"client_code": "C000101", "visit": visit(date="2026-10-09")},
         "integrated", created_at="2026-10-10T10:00:00+02:00",
         note="Written 41 days before it arrived: a laptop may stay offline that long.")
    case("mc_revisit_not_portfolio", "MC", "jdupont", {"client_code": "C000102", "revisit": {"date": "2026-12-24"}},
         "failed", "not_portfolio_client",
         note="C000102 is mmartin's client (c_rep MM02): its revisit date is hers to set.")
    case("mc_fleet_not_portfolio", "MC", "jdupont",
         {"client_code": "C000102", "fleet": {"VL": 2}, "changes": [{"field": "ville_fac", "old": "Lyon", "new": "Bron"}]},
         "failed", "not_portfolio_client",
         note="The same for the fleet; the whole file is refused, its field changes too.")
    case("vc_covering_rep", "VC", "jdupont", {"client_code": "C000102", "visit": visit()}, "integrated",
         note="Covering for a colleague: visits to any active client are open to every rep.")
    case("mc_changes_covering_rep", "MC", "jdupont",
         {"client_code": "C000102", "changes": [{"field": "tel_1", "old": "04 72 00 11 22", "new": "04 72 00 11 23"}]},
         "integrated", note="So are requests for the accountant.")
    case("mc_revisit_older_arrives_late", "MC", "jdupont", {"client_code": "C000101", "revisit": {"date": "2026-12-01"}},
         "integrated", created_at="2026-11-19T08:00:00+01:00",
         note="Written before mc_revisit_only but arriving after it: integrated, yet the revisit date stays "
              "2026-12-18 (last writer by created_at wins, section 6.4) and this value goes to the history.")
    case("cp_contact_bad_phone", "CP", "jdupont",
         {"prospect_id": ulid("2026-11-19T08:20:00", 20), "fields": {"nom_client": "Garage Roux"},
          "contacts": [{"name": "Paul Roux", "phone": "not a phone"}]},
         "failed", "invalid_field", note="A contact's phone follows the phone rules (contacts[0].phone).")
    case("cp_contact_bad_email", "CP", "jdupont",
         {"prospect_id": ulid("2026-11-19T08:21:00", 21), "fields": {"nom_client": "Garage Roux"},
          "contacts": [{"name": "Paul Roux", "email": "not-an-email"}]},
         "failed", "invalid_field", note="A contact's e-mail must look like one (contacts[0].email).")
    case("cp_contact_name_too_long", "CP", "jdupont",
         {"prospect_id": ulid("2026-11-19T08:22:00", 22), "fields": {"nom_client": "Garage Roux"},
          "contacts": [{"name": "n" * 100000}]},
         "failed", "invalid_field", note="A contact's name is at most 35 characters (contacts[0].name).")
    case("cp_name_line_break", "CP", "jdupont",
         {"prospect_id": ulid("2026-11-19T08:23:00", 23), "fields": {"nom_client": "Garage\r\nRoux"}},
         "failed", "invalid_field", note="Profile fields are single-line: no CR/LF in nom_client.")
    case("vc_comment_nul", "VC", "jdupont", {"client_code": "C000101", "visit": visit(comment="Vu\u0000 le gérant")},
         "failed", "invalid_field", note="No control character in any text (here NUL).")
    case("vc_comment_bidi_override", "VC", "jdupont",
         {"client_code": "C000101", "visit": visit(comment="Facture \u202efdp.exe")},
         "failed", "invalid_field", note="No bidirectional override (U+202E) in any text.")
    case("vc_comment_too_long", "VC", "jdupont", {"client_code": "C000101", "visit": visit(comment="x" * 4001)},
         "failed", "invalid_field", note="A visit comment is at most 4,000 characters.")
    case("vc_comment_multi_line", "VC", "jdupont",
         {"client_code": "C000101", "visit": visit(comment="Vu le gérant.\n\tDevis PL à faire.")},
         "integrated", note="A comment may span lines and hold tabs.")

    record_changes()
    quote_changes()
    segment_changes()

    with open(os.path.join(HERE, "cases.json"), "w", encoding="utf-8") as handle:
        json.dump(CASES, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    with open(os.path.join(HERE, "fixture.json"), "w", encoding="utf-8") as handle:
        json.dump(FIXTURE, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    print("%d cases written" % len(CASES))


if __name__ == "__main__":
    main()
