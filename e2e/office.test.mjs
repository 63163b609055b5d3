// The back office in headless Chromium against the real `tournee-server run`: the
// accountant's path from the mail's link to a validated client that reaches the rep's
// next snapshot, the admin's parameters (bad values refused, good ones applied without
// a restart), the visit form editor, the user mapping, the integration monitor's
// retry, the action types, a prospect reassignment, a refused role, and an enrollment code for the HTTPS
// transport. Screenshots go to docs/screenshots (or a temporary folder in CI).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { freePort, SHOTS } from './lib/fixture.mjs';
import {
  ADMIN_PASSWORD, eventually, launchBrowser, mails, makeOfficeData, newPage, server, shoot,
  signIn, snapshotFile, sql, startServer,
} from './lib/office.mjs';

/** A ULID for now (48-bit milliseconds, 80 random bits, Crockford base 32). */
function ulid() {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let value = (BigInt(Date.now()) << 80n) | BigInt(`0x${randomBytes(10).toString('hex')}`);
  let out = '';
  for (let i = 0; i < 26; i += 1) {
    out = alphabet[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

const ADMIN_NEW = 'E2e-admin-pass-2 nouveau';
const ACCOUNTANT_NEW = 'Compta-e2e mot de passe';

describe('back office', () => {
  let world;
  let running;
  let browser;
  let admin;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    world = makeOfficeData();
    // The built-in HTTPS transport too, so the devices page shows the address reps type.
    appendFileSync(join(world.data, 'config.toml'), `sync_listen = "0.0.0.0:${await freePort('0.0.0.0')}"\n`);
    // Every rep's offline database, as after the first night.
    server(world.data, 'snapshot');
    running = await startServer(world.data);
    browser = await launchBrowser();
    admin = await newPage(browser);
    await signIn(admin, running.base, 'admin', ADMIN_PASSWORD, ADMIN_NEW);
    await shoot(admin, 'home-admin');
  });

  after(async () => {
    await browser?.close();
    await running?.stop();
  });

  test('the admin refuses bad parameters field by field, then saves good ones', async () => {
    const page = admin;
    await page.goto(`${running.base}/office/admin/parameters`);
    const before = sql(world.db, "SELECT count(*) FROM parameter WHERE key = 'visit_backdate_days'")[0][0];
    await page.fill('[name=visit_backdate_days]', 'trente');
    await page.fill('[name=inbox_check_cron]', 'toutes les 5 minutes');
    await page.fill('[name=accountant_emails]', 'compta.pneus-tournee.fr');
    await page.fill('[name=fleet_types]', 'VL | VL\nPL sans barre');
    await page.click('button:has-text("Enregistrer les paramètres")');
    await page.waitForSelector('div.error[role=alert]');
    for (const field of ['visit_backdate_days', 'inbox_check_cron', 'accountant_emails', 'fleet_types']) {
      assert.equal(await page.getAttribute(`[name=${field}]`, 'aria-invalid'), 'true', `${field} marked`);
      assert.ok(await page.isVisible(`[data-error-for=${field}]`), `${field} explained`);
    }
    assert.equal(await page.inputValue('[name=visit_backdate_days]'), 'trente', 'what was typed is kept');
    assert.match(await page.textContent('[data-error-for=accountant_emails]'), /n'est pas une adresse e-mail/);
    await shoot(page, 'parameters-refused');
    assert.equal(
      sql(world.db, "SELECT count(*) FROM parameter WHERE key = 'visit_backdate_days'")[0][0],
      before,
      'nothing saved',
    );

    await page.goto(`${running.base}/office/admin/parameters`);
    await page.fill('[name=visit_backdate_days]', '45');
    await page.fill('[name=accountant_emails]', 'compta@pneus-tournee.fr\ncontrole@pneus-tournee.fr');
    await page.fill('[name=back_office_url]', running.base);
    await page.click('button:has-text("Enregistrer les paramètres")');
    await page.waitForSelector('.notice');
    await shoot(page, 'parameters');
    assert.equal(sql(world.db, "SELECT value FROM parameter WHERE key = 'visit_backdate_days'")[0][0], '45');
    assert.equal(
      sql(world.db, "SELECT value FROM parameter WHERE key = 'accountant_emails'")[0][0],
      '["compta@pneus-tournee.fr","controle@pneus-tournee.fr"]',
    );
  });

  test('the visit form editor names the faulty line and saves a new level', async () => {
    const page = admin;
    await page.goto(`${running.base}/office/admin/visit-form`);
    const outline = await page.inputValue('#outline');
    await page.fill('#outline', `${outline}\n   - mal_indente | Mal indenté | Badly indented\n`);
    await page.click('button:has-text("Enregistrer le formulaire")');
    const error = await page.textContent('p.error');
    assert.match(error, /ligne \d+ : indentation de 2 espaces/);
    await shoot(page, 'visit-form-refused');

    const added = `${outline}? satisfaction | Satisfaction du client | Customer satisfaction | radio\n`
      + '  - satisfait | Satisfait | Satisfied\n'
      + '  - mecontent | Mécontent | Unhappy\n'
      + '    ? motif | Motif | Reason | cases | obligatoire\n'
      + '      - prix | Prix | Price\n'
      + '      - delai | Délai | Lead time\n';
    await page.fill('#outline', added);
    await page.click('button:has-text("Enregistrer le formulaire")');
    await page.waitForSelector('.notice');
    const preview = await page.textContent('[data-testid=visit-form-preview]');
    assert.match(preview, /Satisfaction du client/);
    assert.match(preview, /Motif \*/);
    await shoot(page, 'visit-form');
    const stored = JSON.parse(sql(world.db, "SELECT value FROM parameter WHERE key = 'visit_form'")[0][0]);
    const satisfaction = stored.groups.find((g) => g.id === 'satisfaction');
    assert.equal(satisfaction.options[1].children[0].id, 'motif');
    assert.equal(satisfaction.options[1].children[0].required, true);
  });

  test('the admin adds an action type, sees a bad code refused beside it, and deactivates one', async () => {
    const page = admin;
    await page.goto(`${running.base}/office/admin/action-types`);
    await page.fill('#f-new-code', 'Salon pro');
    await page.fill('#f-new-label', 'Salon professionnel');
    await page.selectOption('#f-new-icon', 'meeting');
    await page.click('button:has-text("Ajouter le type")');
    await page.waitForSelector('div.error[role=alert]');
    assert.equal(await page.getAttribute('#f-new-code', 'aria-invalid'), 'true', 'the code is marked');
    assert.match(await page.textContent('[data-error-for=new-code]'), /minuscules sans accent/);
    assert.equal(await page.inputValue('#f-new-label'), 'Salon professionnel', 'what was typed is kept');

    await page.fill('#f-new-code', 'salon');
    // Every save lands on the same page with the same notice: wait for the new page itself,
    // or a notice still shown from the previous save would let the test click on a page
    // being replaced (seen under load in CI).
    const submit = (button) => Promise.all([page.waitForNavigation(), page.click(button)]);
    await submit('button:has-text("Ajouter le type")');
    await page.waitForSelector('.notice');
    await page.waitForSelector('tr[data-type-row=salon]');
    // « Courrier » is no longer offered: unticked, saved, still listed.
    await page.uncheck('#f-edit-courrier-active');
    await submit('button:has-text("Enregistrer « Courrier »")');
    await page.waitForSelector('.notice');
    assert.match(await page.textContent('tr[data-type-row=courrier]'), /non/);
    await submit('button:has-text("Monter « Salon professionnel »")');
    await page.waitForSelector('.notice');
    const stored = JSON.parse(sql(world.db, "SELECT value FROM parameter WHERE key = 'action_types'")[0][0]);
    const codes = stored.map((t) => t.code);
    assert.deepEqual(codes.slice(-2), ['salon', 'tache'], 'moved up, before the done-todo type');
    assert.equal(stored.find((t) => t.code === 'courrier').active, false);
    await shoot(page, 'action-types');
  });

  test('a refused file is put back after its cause is fixed, and integrated once', async () => {
    const page = admin;
    // A rep not in the user mapping yet: the automaton refuses the file.
    const inbox = join(world.data, 'inbox', 'lbernard');
    mkdirSync(inbox, { recursive: true });
    const change = ulid();
    const name = `VC_lbernard_${change}.json`;
    const clientCode = sql(world.db, "SELECT c_client FROM client WHERE actif = 1 ORDER BY c_client LIMIT 1")[0][0];
    const today = new Date().toISOString().slice(0, 10);
    writeFileSync(join(inbox, `.${name}.tmp`), JSON.stringify({
      spec: 1, change_id: change, user: 'lbernard', device: 'PC-LB', created_at: new Date().toISOString(),
      type: 'VC',
      payload: {
        client_code: clientCode,
        visit: { visit_date: today, visit_time: '10:00', comment: 'Premier passage.', answers: { type_contact: 'telephone', objet_visite: [] } },
      },
    }));
    // Published the way the spec says: whole file under a temporary name, then renamed.
    renameSync(join(inbox, `.${name}.tmp`), join(inbox, name));
    await eventually('the file to be refused', () => (
      sql(world.db, 'SELECT count(*) FROM integration_failure WHERE file_name = ?', name)[0][0] === 1
    ));
    await page.goto(`${running.base}/office/admin/integrations`);
    const row = page.locator(`tr[data-file="${name}"]`);
    assert.match(await row.textContent(), /unknown_user|inconnu/);
    await shoot(page, 'integrations-failed');

    await page.goto(`${running.base}/office/admin/users`);
    await page.fill('[name=erp_code]', 'lb5');
    await page.fill('[name=windows_user]', 'lbernard');
    await page.fill('[name=email]', 'lucie.bernard@pneus-tournee.fr');
    await page.fill('[name=display_name]', 'Lucie Bernard');
    await page.click('button:has-text("Enregistrer l\'utilisateur")');
    assert.match(await page.textContent('[data-error-for=erp_code]'), /majuscules/);
    await page.fill('[name=erp_code]', 'LB05');
    await page.click('button:has-text("Enregistrer l\'utilisateur")');
    await page.waitForSelector('tr[data-user=lbernard]');
    await shoot(page, 'users');

    await page.goto(`${running.base}/office/admin/policy`);
    await page.selectOption('[name="rep.party.write"]', 'all');
    await page.click('button:has-text("Enregistrer les droits")');
    assert.match(await page.textContent('[data-error-for=rep-party]'), /Commercial, Tiers/);
    // The wide matrix scrolls inside its own box; the page itself stays as wide as the window.
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 1280);
    await shoot(page, 'policy');

    await page.goto(`${running.base}/office/admin/teams`);
    await page.fill('#f-new-name', 'Nord');
    await page.click('button:has-text("Créer l\'équipe")');
    await page.selectOption('#f-member-1', 'lbernard');
    await page.check('#f-leads-1');
    await page.click('button:has-text("Ajouter le membre")');
    await page.waitForSelector('tr[data-member=lbernard]');
    await shoot(page, 'teams');

    await page.goto(`${running.base}/office/admin/integrations`);
    await page.click(`tr[data-file="${name}"] button:has-text("Réessayer")`);
    await eventually('the retried file to be integrated', () => (
      sql(world.db, 'SELECT count(*) FROM change_ledger WHERE change_id = ?', change)[0][0] === 1
    ));
    const visits = sql(world.db, "SELECT count(*) FROM client_relation WHERE c_user = 'LB05' AND commentaire LIKE 'Premier passage.%'")[0][0];
    assert.equal(visits, 1, 'applied exactly once');
    await page.goto(`${running.base}/office/admin/integrations`);
    assert.equal(await page.locator(`tr[data-file="${name}"]`).count(), 0, 'no longer listed as refused');
    await shoot(page, 'integrations');
  });

  test('the accountant goes from the mail link to a validated client that reaches the rep', async () => {
    // The accountant joins the user directory, created by the admin (no self-registration):
    // no ERP code (no laptop), then « Définir un mot de passe », shown once.
    await admin.goto(`${running.base}/office/admin/users`);
    await admin.fill('[name=windows_user]', 'compta');
    await admin.fill('[name=display_name]', 'Claire Comptable');
    await admin.fill('[name=email]', 'claire.comptable@pneus-tournee.fr');
    await admin.selectOption('[name=role]', 'accountant');
    await admin.click('button:has-text("Enregistrer l\'utilisateur")');
    await admin.waitForURL('**/office/admin/users?saved=compta');
    await admin.click('tr[data-user="compta"] button:has-text("Définir un mot de passe")');
    const firstPassword = (await admin.textContent('[data-testid=new-password]')).trim();

    // The reps' day arrives: prospects, their visits, and conversions into clients.
    server(world.data, 'samples', '--count', '600', '--seed', '7');
    const requests = await eventually('creation requests to be integrated', () => {
      const rows = sql(world.db,
        'SELECT r.id, r.requested_by, p.nom_client FROM client_creation_request r JOIN prospect p USING (prospect_id) '
        + 'WHERE EXISTS (SELECT 1 FROM prospect_visit v WHERE v.prospect_id = r.prospect_id) ORDER BY r.id');
      return rows.length > 0 && rows;
    });
    const [requestId, rep, clientName] = requests[0];
    const mail = await eventually('the accountant mail', () => mails(world.data).find(
      (m) => m.decoded.includes(`/office/creations/${requestId}\n`) || m.decoded.includes(`/office/creations/${requestId}\r`),
    ));
    assert.match(mail.decoded, new RegExp(`Subject: \\[Création Client\\] ${clientName}`));
    assert.match(mail.decoded, /Un nouveau client est en attente de validation/);
    const link = mail.decoded.match(/(http:\/\/\S+\/office\/creations\/\d+)/)[1];
    assert.equal(link, `${running.base}/office/creations/${requestId}`, 'the link points at this back office');

    const accountant = await newPage(browser);
    await signIn(accountant, running.base, 'compta', firstPassword, ACCOUNTANT_NEW);
    await shoot(accountant, 'home-accountant');
    await accountant.goto(`${running.base}/office/creations`);
    await shoot(accountant, 'creations');
    await accountant.goto(link);
    await shoot(accountant, 'creation-request');
    // The annex-2 values, ready to copy into winpro: one field per column and all at once.
    assert.equal(await accountant.inputValue('[data-testid=erp-nom_client]'), clientName);
    assert.match(await accountant.inputValue('[data-testid=erp-all]'), /^c_client\tc_fam_client\t/);
    await accountant.fill('[name=client_code]', 'C0000001');
    await accountant.click('button:has-text("Valider la création")');
    assert.match(await accountant.textContent('p.error'), /déjà utilisé/);
    await shoot(accountant, 'creation-refused');
    await accountant.fill('[name=client_code]', 'C0900001');
    await accountant.click('button:has-text("Valider la création")');
    await accountant.waitForURL('**/office/creations');

    const carried = sql(world.db, "SELECT count(*) FROM client_relation WHERE c_entite = 'C0900001' AND objet LIKE '[PROSPECT]%'")[0][0];
    assert.ok(carried >= 1, 'the prospect visits moved to the client');
    // Validated: the page offers the client as the master holds it, code included, and the
    // automaton writes it for the ERP.
    await accountant.goto(link);
    assert.equal(await accountant.inputValue('[data-testid=erp-c_client]'), 'C0900001');
    const [download] = await Promise.all([
      accountant.waitForEvent('download'),
      accountant.click('[data-testid=erp-csv]'),
    ]);
    assert.equal(download.suggestedFilename(), 'client-C0900001.csv');
    await accountant.locator('#erp-values-title').scrollIntoViewIfNeeded();
    await shoot(accountant, 'creation-erp-values');
    await eventually('the validated client written for the ERP', () => {
      const [[sent]] = sql(world.db, "SELECT count(*) FROM erp_export_row WHERE kind = 'client' AND row_key = 'C0900001'");
      return sent === 1;
    });
    await eventually('the rep snapshot to hold the new client', () => {
      const { file } = snapshotFile(world.data, rep);
      const [[clients]] = sql(file, "SELECT count(*) FROM client WHERE c_client = 'C0900001'");
      const [[visits]] = sql(file, "SELECT count(*) FROM client_relation WHERE c_entite = 'C0900001' AND objet LIKE '[PROSPECT]%'");
      return clients === 1 && visits === carried;
    }, 120000);
    await eventually('the rep validation mail', () => mails(world.data).find(
      (m) => m.decoded.includes('Subject: [Création Client] C0900001') && m.decoded.includes("vient d'être validé et créé dans winpro"),
    ));

    // Where only an admin belongs, the accountant is refused by the server.
    const response = await accountant.goto(`${running.base}/office/admin/parameters`);
    assert.equal(response.status(), 403);
    await shoot(accountant, 'refused');

    // The accountant leaves: the admin closes her in the directory and her session ends at once.
    await admin.goto(`${running.base}/office/admin/users?edit=compta`);
    await admin.uncheck('[name=active]');
    await admin.click('button:has-text("Enregistrer l\'utilisateur")');
    await admin.waitForURL('**/office/admin/users?saved=compta');
    assert.match(await admin.textContent('tr[data-user="compta"]'), /non/);
    await shoot(admin, 'users-closed');
    await accountant.goto(`${running.base}/office/creations`);
    assert.match(accountant.url(), /\/office\/login$/, 'signed out');
    await accountant.context().close();
  });

  test('prospects are reassigned in one step after a preview', async () => {
    const page = admin;
    const [[from, count]] = sql(world.db,
      "SELECT assignee, count(*) FROM prospect WHERE status IN ('active', 'conversion_requested') GROUP BY assignee ORDER BY count(*) DESC LIMIT 1");
    const to = sql(world.db, 'SELECT windows_user FROM app_user WHERE active = 1 AND windows_user <> ? AND is_admin = 0 ORDER BY windows_user LIMIT 1', from)[0][0];
    await page.goto(`${running.base}/office/admin/reassign`);
    await page.selectOption('#assignee', from);
    await page.click('button:has-text("Aperçu")');
    assert.equal(await page.textContent('[data-testid=reassign-count]'), `${count} prospect(s) sélectionné(s)`);
    await shoot(page, 'reassign-preview');
    const before = snapshotFile(world.data, to).generation;
    await page.selectOption('#to_user', to);
    await page.click('button:has-text("Réaffecter ces")');
    await page.waitForSelector('.notice');
    await shoot(page, 'reassign-done');
    assert.equal(sql(world.db, 'SELECT count(*) FROM prospect WHERE assignee = ? AND status IN (\'active\', \'conversion_requested\')', from)[0][0], 0);
    await eventually('the new assignee snapshot', () => {
      const { file, generation } = snapshotFile(world.data, to);
      if (generation === before) return false;
      const [[mine]] = sql(file, 'SELECT count(*) FROM prospect WHERE assignee = ?', to);
      return mine >= count;
    }, 120000);
  });

  test('the admin issues an enrollment code for a rep, with nothing to revoke yet', async () => {
    const page = admin;
    await page.goto(`${running.base}/office/admin/devices`);
    assert.match(await page.textContent('[data-testid=server-address]'), /^https:\/\/[^\s:]+:\d+$/);
    const sha256 = await page.getAttribute('[data-testid=fingerprint]', 'data-sha256');
    assert.match(sha256, /^[0-9a-f]{64}$/);
    assert.equal(
      (await page.textContent('[data-testid=fingerprint]')).replace(/ /g, '').toLowerCase(),
      sha256,
      'shown by groups of four',
    );
    assert.match(await page.textContent('main'), /Aucun appareil enrôlé/);

    const rep = sql(world.db, 'SELECT windows_user FROM app_user WHERE active = 1 AND is_admin = 0 ORDER BY windows_user LIMIT 1')[0][0];
    await page.selectOption('[name=user]', rep);
    await page.click('button:has-text("Émettre un code")');
    const code = (await page.textContent('[data-testid=enrollment-code]')).trim();
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    const codeId = code.slice(0, 4);
    const pending = page.locator(`[data-testid=pending-codes] tr[data-code="${codeId}"]`);
    assert.match(await pending.textContent(), new RegExp(`${codeId}-….*\\(${rep}\\).*admin`));
    assert.equal(await page.locator('[data-testid=devices]').count(), 0, 'no laptop enrolled, nothing to revoke');
    assert.equal(sql(world.db, 'SELECT count(*) FROM enrollment_code WHERE code_id = ? AND user = ?', codeId, rep)[0][0], 1);
    await shoot(page, 'devices');

    // Shown once: the list shows the first group only.
    await page.goto(`${running.base}/office/admin/devices`);
    assert.equal(await page.locator('[data-testid=enrollment-code]').count(), 0);
    assert.ok(!(await page.textContent('main')).includes(code), 'the whole code is not shown again');
    assert.equal(await page.locator(`tr[data-code="${codeId}"]`).count(), 1);
  });

  test('the admin imports contacts after a preview and a dry run that says what is wrong', async () => {
    const page = admin;
    // SIRETs no party of this world has: the accountant's test above validated a client (so a
    // « Client » party) with 73282932000074, which line 2 would otherwise duplicate.
    const csv = 'Raison sociale;Type;Prénom;SIRET;Téléphone;E-mail;Code postal;Ville;Nom contact;Fonction\r\n'
      + "Société d'Éclairage Bénard;Entreprise;;48324780500011;04 78 12 34 56;contact@eclairage-benard.fr;69002;Lyon;Laëtitia Nguyễn;Gérante\r\n"
      + 'Dupré;Particulier;Anaïs;;06 11 22 33 44;anais.dupre@exemple.fr;69100;Villeurbanne;;\r\n'
      + 'Menuiserie Fèvre;Entreprise;;;04 74 00 00 09;pas-un-mail;01000;Bourg-en-Bresse;;\r\n'
      + ';Entreprise;;;123;;69003;Lyon;;\r\n'
      + 'Carrosserie Œuvre;Entreprise;;48324780500012;;;42000;Saint-Étienne;;\r\n'
      + 'Traiteur Noël;Entreprise;;;;CONTACT@eclairage-benard.fr;38000;Grenoble;;\r\n'
      + 'Pâtisserie Bénard;Entreprise;;;+33 6 11 22 33 44;;69100;Villeurbanne;;\r\n'
      + 'Fromagerie Chèvre & Co;Entreprise;;;;bonjour@chevre.fr;73000;Chambéry;;\r\n';
    const before = sql(world.db, 'SELECT count(*) FROM party')[0][0];
    await page.goto(`${running.base}/office/admin/import`);
    await page.setInputFiles('[name=file]', { name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.click('button:has-text("Envoyer et voir l\'aperçu")');
    await page.waitForSelector('table[data-preview]');
    assert.equal(await page.inputValue('#f-col0'), 'party.name', 'the header names the field');
    assert.equal(await page.inputValue('#f-col8'), 'person.last_name');
    await shoot(page, 'import-preview');

    await page.click('button:has-text("Lancer l\'essai")');
    await page.waitForSelector('table[data-report]');
    assert.equal(await page.textContent('[data-count=importable]'), '3');
    assert.equal(await page.textContent('[data-count=invalid]'), '3');
    assert.equal(await page.textContent('[data-count=duplicates]'), '2');
    assert.match(await page.textContent('tr[data-line="4"]'), /colonne 6 \(E-mail\)/);
    assert.match(await page.textContent('tr[data-line="7"]'), /ressemble à la ligne 2 du fichier \(même e-mail/);
    assert.match(await page.textContent('tr[data-line="8"]'), /ressemble à la ligne 3 du fichier \(même téléphone/);
    assert.equal(sql(world.db, 'SELECT count(*) FROM party')[0][0], before, 'a dry run writes nothing');
    await shoot(page, 'import-dry-run');

    await page.check('#f-confirm');
    await page.click('button:has-text("Importer")');
    await page.waitForSelector('[data-import-done]');
    assert.match(await page.textContent('[data-import-done]'), /3 fiche\(s\) et 1 personne\(s\) créée\(s\) ; 5 ligne\(s\) laissée\(s\) de côté/);
    assert.equal(sql(world.db, 'SELECT count(*) FROM party')[0][0], before + 3);
    await shoot(page, 'import-done');
  });
});
