//! What the REST API serves of each resource: its table and joins, its fields, the sorts
//! and filters it offers, and who reads which row. One table of data, read by the SQL of
//! [`super::read`] and by the server's OpenAPI document, so that the two cannot disagree.

use tournee_core::Entity;
use tournee_sync::RecordEntity;

/// A resource of `/api/v1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApiResource {
    /// Companies and private persons.
    Parties,
    /// The people of companies.
    People,
    /// Calls, mails, meetings… about a party.
    Actions,
    /// Answers under an action.
    Replies,
    /// Things to do by a date.
    Todos,
    /// The ERP's clients (read only).
    Clients,
    /// Prospects (read only).
    Prospects,
    /// The user directory (read only, without mails or sign-in columns).
    Users,
}

/// The JSON type of a field, for the OpenAPI document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A string.
    Text,
    /// An integer.
    Integer,
    /// A boolean.
    Boolean,
}

/// One field of a resource.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// Name in the JSON.
    pub name: &'static str,
    /// SQL expression it is read from.
    pub sql: &'static str,
    /// JSON type.
    pub kind: FieldKind,
    /// Written through the API (a field of the entity's record change).
    pub writable: bool,
    /// May be `null`.
    pub nullable: bool,
    /// What its text looks like, for the OpenAPI document.
    pub shape: Shape,
}

/// The form of a text field, as the document states it (the server's rules check it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Any text.
    Free,
    /// A day, `YYYY-MM-DD`.
    Date,
    /// A time, `HH:MM`.
    Time,
    /// A record id: an upper-case ULID.
    Ulid,
    /// One of these values.
    OneOf(&'static [&'static str]),
}

/// How a filter compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKind {
    /// `expression = value`.
    Equals,
    /// `expression >= value` (an RFC 3339 instant or a date).
    Since,
    /// `value` is `true` or `false`, the expression a condition.
    Flag,
}

/// A filter a list accepts as a query parameter.
#[derive(Debug, Clone, Copy)]
pub struct FilterSpec {
    /// Query parameter.
    pub name: &'static str,
    /// SQL expression compared.
    pub sql: &'static str,
    /// Comparison.
    pub kind: FilterKind,
    /// What it does, for the document.
    pub description: &'static str,
}

/// Everything the API knows of one resource.
#[derive(Debug)]
pub struct ResourceSpec {
    /// Which resource.
    pub resource: ApiResource,
    /// Path segment under `/api/v1/`.
    pub path: &'static str,
    /// The policy's entity (read scope, token scopes).
    pub entity: Entity,
    /// The record change's entity when the API writes it.
    pub record: Option<RecordEntity>,
    /// `FROM` clause, the resource's table as `x`.
    pub from: &'static str,
    /// The id's expression.
    pub id_sql: &'static str,
    /// Its fields, the id first.
    pub fields: &'static [FieldSpec],
    /// Sorts by name, with the expression (never NULL, so that cursors compare).
    pub sorts: &'static [(&'static str, &'static str)],
    /// Filters.
    pub filters: &'static [FilterSpec],
}

const fn text(name: &'static str, sql: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        sql,
        kind: FieldKind::Text,
        writable: false,
        nullable: true,
        shape: Shape::Free,
    }
}

const fn shaped(field: FieldSpec, shape: Shape) -> FieldSpec {
    FieldSpec { shape, ..field }
}

const fn date(field: FieldSpec) -> FieldSpec {
    shaped(field, Shape::Date)
}

const fn ulid(field: FieldSpec) -> FieldSpec {
    shaped(field, Shape::Ulid)
}

const fn required(name: &'static str, sql: &'static str) -> FieldSpec {
    FieldSpec {
        nullable: false,
        ..text(name, sql)
    }
}

const fn w(field: FieldSpec) -> FieldSpec {
    FieldSpec {
        writable: true,
        ..field
    }
}

const fn int(field: FieldSpec) -> FieldSpec {
    FieldSpec {
        kind: FieldKind::Integer,
        ..field
    }
}

const fn boolean(field: FieldSpec) -> FieldSpec {
    FieldSpec {
        kind: FieldKind::Boolean,
        ..field
    }
}

const fn eq(name: &'static str, sql: &'static str, description: &'static str) -> FilterSpec {
    FilterSpec {
        name,
        sql,
        kind: FilterKind::Equals,
        description,
    }
}

const fn updated_since(sql: &'static str) -> FilterSpec {
    FilterSpec {
        name: "updated_since",
        sql,
        kind: FilterKind::Since,
        description: "only records created or changed at or after this instant (RFC 3339, UTC)",
    }
}

/// A record's last write: its newest field stamp, else its creation.
macro_rules! updated {
    ($entity:literal) => {
        concat!(
            "coalesce((SELECT max(f.written_at) FROM record_field f WHERE f.entity = '",
            $entity,
            "' AND f.id = x.id), x.created_at)"
        )
    };
}

const PARTY_OWNER: &str = "coalesce(x.owner, x.created_by)";

/// Every resource, in the order the document lists them.
pub const RESOURCES: &[ResourceSpec] = &[
    ResourceSpec {
        resource: ApiResource::Parties,
        path: "parties",
        entity: Entity::Party,
        record: Some(RecordEntity::Party),
        from: "party x",
        id_sql: "x.id",
        fields: &[
            required("id", "x.id"),
            w(shaped(
                required("kind", "x.kind"),
                Shape::OneOf(&["company", "person"]),
            )),
            w(required("name", "x.name")),
            w(text("first_name", "x.first_name")),
            w(text("siret", "x.siret")),
            w(text("vat", "x.vat")),
            w(text("phone", "x.phone")),
            w(text("mobile", "x.mobile")),
            w(text("email", "x.email")),
            w(text("address1", "x.address1")),
            w(text("address2", "x.address2")),
            w(text("postal_code", "x.postal_code")),
            w(text("city", "x.city")),
            w(text("country", "x.country")),
            w(text("notes", "x.notes")),
            w(text("owner", PARTY_OWNER)),
            required("status", "x.status"),
            text("client_code", "x.client_code"),
            text("prospect_id", "x.prospect_id"),
            required("created_by", "x.created_by"),
            required("created_at", "x.created_at"),
            required("updated_at", updated!("party")),
        ],
        sorts: &[
            ("id", "x.id"),
            ("name", "x.name"),
            ("city", "coalesce(x.city, '')"),
            ("created_at", "x.created_at"),
        ],
        filters: &[
            eq(
                "status",
                "x.status",
                "lifecycle status: lead, dead_lead, prospect, dead_prospect, client",
            ),
            eq("owner", PARTY_OWNER, "the owner's login"),
            eq("kind", "x.kind", "company or person"),
            updated_since(updated!("party")),
        ],
    },
    ResourceSpec {
        resource: ApiResource::People,
        path: "people",
        entity: Entity::Person,
        record: Some(RecordEntity::Person),
        from: "person x JOIN party p ON p.id = x.party_id",
        id_sql: "x.id",
        fields: &[
            required("id", "x.id"),
            w(ulid(required("party_id", "x.party_id"))),
            w(text("first_name", "x.first_name")),
            w(required("last_name", "x.last_name")),
            w(text("position", "x.position")),
            w(text("phone", "x.phone")),
            w(text("mobile", "x.mobile")),
            w(text("email", "x.email")),
            w(text("notes", "x.notes")),
            required("created_by", "x.created_by"),
            required("created_at", "x.created_at"),
            required("updated_at", updated!("person")),
        ],
        sorts: &[
            ("id", "x.id"),
            ("last_name", "x.last_name"),
            ("created_at", "x.created_at"),
        ],
        filters: &[
            eq("party", "x.party_id", "the party's id"),
            updated_since(updated!("person")),
        ],
    },
    ResourceSpec {
        resource: ApiResource::Actions,
        path: "actions",
        entity: Entity::Action,
        record: Some(RecordEntity::Action),
        from: "action x JOIN party p ON p.id = x.party_id",
        id_sql: "x.id",
        fields: &[
            required("id", "x.id"),
            w(ulid(required("party_id", "x.party_id"))),
            w(ulid(text("person_id", "x.person_id"))),
            w(required("action_type", "x.action_type")),
            w(date(required("date", "x.date"))),
            w(shaped(text("time", "x.time"), Shape::Time)),
            w(text("comment", "x.comment")),
            w(text("outcome", "x.outcome")),
            required("created_by", "x.created_by"),
            required("created_at", "x.created_at"),
            required("updated_at", updated!("action")),
        ],
        sorts: &[
            ("id", "x.id"),
            ("date", "x.date || 'T' || coalesce(x.time, '')"),
            ("created_at", "x.created_at"),
        ],
        filters: &[
            eq("party", "x.party_id", "the party's id"),
            eq("action_type", "x.action_type", "the action type's code"),
            updated_since(updated!("action")),
        ],
    },
    ResourceSpec {
        resource: ApiResource::Replies,
        path: "replies",
        entity: Entity::ActionReply,
        record: Some(RecordEntity::ActionReply),
        from:
            "action_reply x JOIN action a ON a.id = x.action_id JOIN party p ON p.id = a.party_id",
        id_sql: "x.id",
        fields: &[
            required("id", "x.id"),
            w(ulid(required("action_id", "x.action_id"))),
            w(required("author", "x.author")),
            w(date(required("date", "x.date"))),
            w(required("text", "x.text")),
            required("created_by", "x.created_by"),
            required("created_at", "x.created_at"),
            required("updated_at", updated!("action_reply")),
        ],
        sorts: &[
            ("id", "x.id"),
            ("date", "x.date"),
            ("created_at", "x.created_at"),
        ],
        filters: &[
            eq("action", "x.action_id", "the action's id"),
            eq("party", "a.party_id", "the action's party's id"),
            updated_since(updated!("action_reply")),
        ],
    },
    ResourceSpec {
        resource: ApiResource::Todos,
        path: "todos",
        entity: Entity::Todo,
        record: Some(RecordEntity::Todo),
        from: "todo x LEFT JOIN party p ON p.id = x.party_id",
        id_sql: "x.id",
        fields: &[
            required("id", "x.id"),
            w(required("text", "x.text")),
            w(date(required("due", "x.due"))),
            w(ulid(text("party_id", "x.party_id"))),
            w(int(text("repeat_days", "x.repeat_days"))),
            w(date(text("done_on", "x.done_on"))),
            required("created_by", "x.created_by"),
            required("created_at", "x.created_at"),
            required("updated_at", updated!("todo")),
        ],
        sorts: &[
            ("id", "x.id"),
            ("due", "x.due"),
            ("created_at", "x.created_at"),
        ],
        filters: &[
            eq("party", "x.party_id", "the party's id"),
            FilterSpec {
                name: "done",
                sql: "x.done_on IS NOT NULL",
                kind: FilterKind::Flag,
                description: "true: only done todos; false: only open ones",
            },
            eq("created_by", "x.created_by", "the author's login"),
            updated_since(updated!("todo")),
        ],
    },
    ResourceSpec {
        resource: ApiResource::Clients,
        path: "clients",
        entity: Entity::Client,
        record: None,
        from: "client x",
        id_sql: "x.c_client",
        fields: &[
            required("id", "x.c_client"),
            required("name", "x.nom_client"),
            text("family", "x.c_fam_client"),
            text("address1", "x.adr1_fac"),
            text("address2", "x.adr2_fac"),
            text("address3", "x.adr3_fac"),
            text("postal_code", "x.dep_fac"),
            text("city", "x.ville_fac"),
            text("country", "x.c_pays"),
            text("agency", "x.c_agence"),
            text("rep_code", "x.c_rep"),
            text("rep", CLIENT_OWNER),
            text("phone", "x.tel_1"),
            text("phone2", "x.tel_2"),
            text("email", "x.contact_divers_4"),
        ],
        sorts: &[("id", "x.c_client"), ("name", "x.nom_client")],
        filters: &[
            eq("rep", CLIENT_OWNER, "the assigned rep's login"),
            eq("agency", "x.c_agence", "the agency's code"),
        ],
    },
    ResourceSpec {
        resource: ApiResource::Prospects,
        path: "prospects",
        entity: Entity::Prospect,
        record: None,
        from: "prospect x",
        id_sql: "x.prospect_id",
        fields: &[
            required("id", "x.prospect_id"),
            required("name", "x.nom_client"),
            text("phone", "x.tel_norm"),
            required("status", "x.status"),
            required("assignee", "x.assignee"),
            required("created_by", "x.created_by"),
            required("created_at", "x.created_at"),
            required("updated_at", "x.last_movement_at"),
            text("converted_client", "x.converted_client"),
        ],
        sorts: &[
            ("id", "x.prospect_id"),
            ("name", "x.nom_client"),
            ("updated_at", "x.last_movement_at"),
        ],
        filters: &[
            eq(
                "status",
                "x.status",
                "active, deleted, conversion_requested, converted",
            ),
            eq("owner", "x.assignee", "the assignee's login"),
            updated_since("x.last_movement_at"),
        ],
    },
    ResourceSpec {
        resource: ApiResource::Users,
        path: "users",
        entity: Entity::User,
        record: None,
        from: "app_user x",
        id_sql: "x.windows_user",
        fields: &[
            required("id", "x.windows_user"),
            required("display_name", "x.display_name"),
            required("role", "x.role"),
            text("erp_code", "x.erp_code"),
            boolean(required("active", "x.active")),
        ],
        sorts: &[("id", "x.windows_user"), ("display_name", "x.display_name")],
        filters: &[
            eq(
                "role",
                "x.role",
                "admin, manager, rep, observer, accountant",
            ),
            FilterSpec {
                name: "active",
                sql: "x.active = 1",
                kind: FilterKind::Flag,
                description: "true: only active users; false: only inactive ones",
            },
        ],
    },
];

/// A client is its assigned rep's: the user whose ERP code is the client's `c_rep`.
const CLIENT_OWNER: &str = "(SELECT u.windows_user FROM app_user u WHERE u.erp_code = x.c_rep)";

impl ApiResource {
    /// Its description.
    pub fn spec(self) -> &'static ResourceSpec {
        // Invariant: RESOURCES lists every variant (the test below checks it).
        RESOURCES
            .iter()
            .find(|spec| spec.resource == self)
            .unwrap_or(&RESOURCES[0])
    }

    /// The resource served at `path`.
    pub fn from_path(path: &str) -> Option<Self> {
        RESOURCES
            .iter()
            .find(|spec| spec.path == path)
            .map(|spec| spec.resource)
    }
}

impl ResourceSpec {
    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_resource_is_described_once_and_its_writable_fields_are_its_record_fields() {
        for resource in [
            ApiResource::Parties,
            ApiResource::People,
            ApiResource::Actions,
            ApiResource::Replies,
            ApiResource::Todos,
            ApiResource::Clients,
            ApiResource::Prospects,
            ApiResource::Users,
        ] {
            let spec = resource.spec();
            assert_eq!(spec.resource, resource);
            assert_eq!(ApiResource::from_path(spec.path), Some(resource));
            assert_eq!(spec.fields[0].name, "id");
            assert!(spec.sorts.iter().any(|(name, _)| *name == "id"));
            if spec.record.is_none() {
                assert!(spec.fields.iter().all(|f| !f.writable), "{}", spec.path);
            }
        }
    }
}
