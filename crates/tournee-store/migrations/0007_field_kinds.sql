-- Schema version 7: the field profile's kinds carry the format checks (SIRET, VAT number,
-- phones, IBAN, BIC), which the rule sets used to apply to fixed column names. A profile
-- stored before (every parameter save writes it) has these annex-2 columns as plain text
-- or code: give them their kind, so that conversion, prospect and modification checks keep
-- checking them. A column whose kind someone changed is left as it is.
UPDATE parameter
SET value = json_set(value,
    (SELECT f.fullkey || '.kind' FROM json_each(parameter.value, '$.fields') AS f
     WHERE json_extract(f.value, '$.name') = 'contact_divers_1' AND json_extract(f.value, '$.kind') = 'text'),
    'vat_number')
WHERE key = 'field_profile' AND EXISTS
    (SELECT 1 FROM json_each(parameter.value, '$.fields') AS f
     WHERE json_extract(f.value, '$.name') = 'contact_divers_1' AND json_extract(f.value, '$.kind') = 'text');
UPDATE parameter
SET value = json_set(value,
    (SELECT f.fullkey || '.kind' FROM json_each(parameter.value, '$.fields') AS f
     WHERE json_extract(f.value, '$.name') = 'contact_divers_2' AND json_extract(f.value, '$.kind') = 'text'),
    'siret')
WHERE key = 'field_profile' AND EXISTS
    (SELECT 1 FROM json_each(parameter.value, '$.fields') AS f
     WHERE json_extract(f.value, '$.name') = 'contact_divers_2' AND json_extract(f.value, '$.kind') = 'text');
UPDATE parameter
SET value = json_set(value,
    (SELECT f.fullkey || '.kind' FROM json_each(parameter.value, '$.fields') AS f
     WHERE json_extract(f.value, '$.name') = 'tel_1' AND json_extract(f.value, '$.kind') = 'text'),
    'phone')
WHERE key = 'field_profile' AND EXISTS
    (SELECT 1 FROM json_each(parameter.value, '$.fields') AS f
     WHERE json_extract(f.value, '$.name') = 'tel_1' AND json_extract(f.value, '$.kind') = 'text');
UPDATE parameter
SET value = json_set(value,
    (SELECT f.fullkey || '.kind' FROM json_each(parameter.value, '$.fields') AS f
     WHERE json_extract(f.value, '$.name') = 'tel_2' AND json_extract(f.value, '$.kind') = 'text'),
    'phone')
WHERE key = 'field_profile' AND EXISTS
    (SELECT 1 FROM json_each(parameter.value, '$.fields') AS f
     WHERE json_extract(f.value, '$.name') = 'tel_2' AND json_extract(f.value, '$.kind') = 'text');
UPDATE parameter
SET value = json_set(value,
    (SELECT f.fullkey || '.kind' FROM json_each(parameter.value, '$.fields') AS f
     WHERE json_extract(f.value, '$.name') = 'fax' AND json_extract(f.value, '$.kind') = 'text'),
    'phone')
WHERE key = 'field_profile' AND EXISTS
    (SELECT 1 FROM json_each(parameter.value, '$.fields') AS f
     WHERE json_extract(f.value, '$.name') = 'fax' AND json_extract(f.value, '$.kind') = 'text');
UPDATE parameter
SET value = json_set(value,
    (SELECT f.fullkey || '.kind' FROM json_each(parameter.value, '$.fields') AS f
     WHERE json_extract(f.value, '$.name') = 'iban' AND json_extract(f.value, '$.kind') = 'code'),
    'iban')
WHERE key = 'field_profile' AND EXISTS
    (SELECT 1 FROM json_each(parameter.value, '$.fields') AS f
     WHERE json_extract(f.value, '$.name') = 'iban' AND json_extract(f.value, '$.kind') = 'code');
UPDATE parameter
SET value = json_set(value,
    (SELECT f.fullkey || '.kind' FROM json_each(parameter.value, '$.fields') AS f
     WHERE json_extract(f.value, '$.name') = 'bic' AND json_extract(f.value, '$.kind') = 'code'),
    'bic')
WHERE key = 'field_profile' AND EXISTS
    (SELECT 1 FROM json_each(parameter.value, '$.fields') AS f
     WHERE json_extract(f.value, '$.name') = 'bic' AND json_extract(f.value, '$.kind') = 'code');
