//! French word lists the demo data is made from.

/// An agency: code, name, department, towns with their 3-digit postal office suffix.
pub(crate) type Agency = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// A client category: c_fam_client, sub-categories, grids, name prefixes, weight in %.
pub(crate) type Category = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    usize,
);

pub(crate) const AGENCIES: &[Agency] = &[
    (
        "LYON",
        "Lyon",
        "69",
        &[
            ("Lyon", "003"),
            ("Villeurbanne", "100"),
            ("Vénissieux", "200"),
            ("Villefranche-sur-Saône", "400"),
            ("Tarare", "170"),
            ("Givors", "700"),
        ],
    ),
    (
        "BORD",
        "Bordeaux",
        "33",
        &[
            ("Bordeaux", "000"),
            ("Mérignac", "700"),
            ("Libourne", "500"),
            ("Arcachon", "120"),
            ("Langon", "210"),
        ],
    ),
    (
        "NANT",
        "Nantes",
        "44",
        &[
            ("Nantes", "000"),
            ("Saint-Nazaire", "600"),
            ("Ancenis", "150"),
            ("Châteaubriant", "110"),
            ("Clisson", "190"),
        ],
    ),
    (
        "LILL",
        "Lille",
        "59",
        &[
            ("Lille", "000"),
            ("Roubaix", "100"),
            ("Douai", "500"),
            ("Cambrai", "400"),
            ("Dunkerque", "140"),
        ],
    ),
    (
        "RENN",
        "Rennes",
        "35",
        &[
            ("Rennes", "000"),
            ("Vitré", "500"),
            ("Fougères", "300"),
            ("Redon", "600"),
            ("Saint-Malo", "400"),
        ],
    ),
    (
        "TOUL",
        "Toulouse",
        "31",
        &[
            ("Toulouse", "000"),
            ("Muret", "600"),
            ("Saint-Gaudens", "800"),
            ("Colomiers", "770"),
            ("Revel", "250"),
        ],
    ),
    (
        "CLER",
        "Clermont-Ferrand",
        "63",
        &[
            ("Clermont-Ferrand", "000"),
            ("Riom", "200"),
            ("Issoire", "500"),
            ("Thiers", "300"),
            ("Ambert", "600"),
        ],
    ),
    (
        "DIJO",
        "Dijon",
        "21",
        &[
            ("Dijon", "000"),
            ("Beaune", "200"),
            ("Montbard", "500"),
            ("Auxonne", "130"),
            ("Semur-en-Auxois", "140"),
        ],
    ),
];

pub(crate) const FIRST_NAMES: &[&str] = &[
    "Jean",
    "Marie",
    "Pierre",
    "Sophie",
    "Luc",
    "Isabelle",
    "Nicolas",
    "Claire",
    "Thomas",
    "Julie",
    "Éric",
    "Nathalie",
    "François",
    "Sandrine",
    "Olivier",
    "Céline",
    "Laurent",
    "Valérie",
    "Stéphane",
    "Aurélie",
];

pub(crate) const LAST_NAMES: &[&str] = &[
    "Dupont",
    "Martin",
    "Bernard",
    "Durand",
    "Lefebvre",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Blanc",
    "Guerin",
    "Boyer",
    "Garnier",
    "Chevalier",
    "Francois",
    "Legrand",
    "Gauthier",
    "Perrin",
    "Robin",
    "Clement",
];

pub(crate) const CATEGORIES: &[Category] = &[
    (
        "AGRI",
        &["CERE", "ELEV", "VITI", "MARA"],
        &["AGRI1", "AGRI2"],
        &["EARL", "GAEC", "SCEA", "Ferme", "Exploitation"],
        20,
    ),
    (
        "TRAN",
        &["PL", "MESS", "FRIG"],
        &["TRANS", "GRILLE_A"],
        &["Transports", "Trans", "Logistique", "Messagerie"],
        22,
    ),
    (
        "GARA",
        &["MECA", "CARR", "CENT"],
        &["GARAGE", "GRILLE_B"],
        &["Garage", "Auto", "Centre Auto", "Carrosserie"],
        28,
    ),
    (
        "TP",
        &["TERR", "CARR", "ROUT"],
        &["TP1", "TP2"],
        &["Terrassements", "TP", "Travaux Publics", "Carrières"],
        12,
    ),
    (
        "COLL",
        &["MAIR", "DEPT", "SYND"],
        &["COLL"],
        &["Mairie de", "Syndicat de", "Régie de"],
        6,
    ),
    (
        "INDU",
        &["MANU", "BTP", "AGRO"],
        &["STD", "GRILLE_C"],
        &["Ets", "Société", "Industries"],
        12,
    ),
];

pub(crate) const NAME_CORES: &[&str] = &[
    "du Centre",
    "des Acacias",
    "de la Plaine",
    "du Moulin",
    "des Trois Chênes",
    "Saint-Martin",
    "du Lac",
    "de la Vallée",
    "des Sources",
    "du Plateau",
    "de l'Étang",
    "des Tilleuls",
    "du Val",
    "Bellevue",
    "des Prés",
];

pub(crate) const STREET_TYPES: &[&str] = &[
    "rue",
    "avenue",
    "chemin",
    "route",
    "boulevard",
    "impasse",
    "allée",
    "place",
];

pub(crate) const STREET_NAMES: &[&str] = &[
    "de la République",
    "Victor Hugo",
    "Jean Jaurès",
    "de la Gare",
    "des Écoles",
    "du Stade",
    "Pasteur",
    "de Verdun",
    "Gambetta",
    "des Vignes",
    "du Moulin",
    "de l'Industrie",
    "des Artisans",
    "Nationale",
];

pub(crate) const CONTACT_ROLES: &[&str] = &[
    "gérant",
    "comptable",
    "chef d'atelier",
    "responsable parc",
    "secrétaire",
];

pub(crate) const BICS: &[&str] = &[
    "BNPAFRPPXXX",
    "CRLYFRPPXXX",
    "AGRIFRPPXXX",
    "CCBPFRPPLYO",
    "SOGEFRPPXXX",
    "CMCIFRPPXXX",
];

pub(crate) const COMMENTS: &[&str] = &[
    "Client satisfait, pas de besoin immédiat.",
    "Demande de devis pour pneus poids lourd.",
    "Relevé de parc effectué.",
    "Commande passée pour la saison.",
    "Absent, vu le chef d'atelier.",
    "Rappeler en fin de mois.",
    "Intéressé par l'offre lubrifiants.",
    "Livraison conforme, RAS.",
    "Problème de facturation signalé.",
    "Proposition remise pour la flotte.",
];
