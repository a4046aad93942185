// The content lexicon's data. Groups are per signal and language; each
// says why it exists. Phrases come from the phishing we see against
// hardware-wallet owners (Ledger's leaked customer base gets fake
// "security" mail, fake shipping notices, fake refunds, callback scams and
// physical extortion) and from the brands' own warnings, which name the
// same secrets and must not read as requests.
#include "brand/content_lexicon.hpp"

#include <algorithm>
#include <array>

namespace brandguard::policy::brand {

namespace {

using enum PhraseForm;
using enum PhraseRole;

struct Fragment {
  std::string_view name;  // without the % signs
  std::string_view regex;
};

// Shared pieces of the regexes. A fragment may use fragments defined
// before it (expansion is a bounded number of passes).
constexpr std::array<Fragment, 17> kFragments = {{
    // Whitespace as plain-text mail has it: wrapped lines, no-break spaces.
    {"s", R"([\s\x{a0}]{1,3})"},
    {"so", R"([\s\x{a0}]{0,2})"},
    // The secrets, named. Only counts wallets use: 12, 18, 24 words.
    {"en_count", R"((?:12|18|24|twelve|eighteen|twenty-four|twenty%s%four))"},
    {"en_secret",
     R"((?:(?:secret%s%)?(?:recovery|seed|backup|mnemonic|secret)[- ]?(?:phrase|words|sentence)|private%s%keys?|%en_count%[- ]?words?(?:%s%(?:secret%s%)?(?:recovery|seed|backup)%s%phrase)?)\b)"},
    {"fr_secret",
     R"((?:phrase%s%(?:de%s%(?:r[ée]cup[ée]ration|restauration|sauvegarde)|secr[èe]te|mn[ée]monique)|(?:12|18|24|douze|vingt-quatre)%s%mots(?:%s%de%s%r[ée]cup[ée]ration)?|cl[ée]s?%s%priv[ée]es?))"},
    {"es_secret",
     R"((?:frase%s%(?:de%s%(?:recuperaci[óo]n|respaldo|restauraci[óo]n)|semilla|secreta)|(?:12|18|24|doce|veinticuatro)%s%palabras|claves?%s%privadas?))"},
    {"de_secret",
     R"((?:wiederherstellungs-?(?:phrase|satz|sätze|wörter|woerter)|seed-?(?:%s%)?phrase|(?:12|18|24|zwölf|vierundzwanzig)(?:-|%s%)(?:wörter|woerter)|private[nr]?%s%schlüssel|geheime%s%(?:phrase|wörter)))"},
    {"ja_secret",
     R"((?:リカバリー?フレーズ|復元フレーズ|リカバリーシード|シードフレーズ|秘密鍵|秘密のフレーズ|プライベートキー|ニーモニック(?:フレーズ)?|(?:12|18|24|１２|１８|２４)(?:個の)?(?:単語|ワード)))"},
    // What a request asks for: the secrets plus the device PIN and a bare
    // "seed" (a PIN alone is named too often to be a mention).
    {"en_asked", R"((?:%en_secret%|seed\b|passphrase\b|pin(?:%s%code)?\b))"},
    {"fr_asked", R"((?:%fr_secret%|seed\b|code%s%pin\b))"},
    {"es_asked", R"((?:%es_secret%|semilla\b|c[óo]digo%s%pin\b|pin\b))"},
    {"de_asked", R"((?:%de_secret%|pin(?:-code|%s%code)?\b))"},
    {"ja_asked", R"((?:%ja_secret%|PIN(?:コード)?|ＰＩＮ(?:コード)?|暗証番号))"},
    // Payment: an amount, and the currencies extortion asks for.
    {"amount", R"((?:[$€£]%so%)?\d[\d.,]{0,12}(?:%so%[$€£]|%s%(?:usd|eur|dollars?|euros?))?)"},
    {"crypto",
     R"((?:btc|bitcoins?|usdt|tether|eth|ether(?:eum)?|ltc|litecoin|xmr|monero|trx|usdc|crypto(?:currency|monnaie|moneda)?s?|criptomonedas?|kryptowährung(?:en)?)\b)"},
    // Order numbers: an optional short letter prefix, five digits or more.
    {"order_no", R"((?:%so%[:#＃]?%so%#?[a-z]{0,4}-?)\d{5,})"},
    {"hours", R"(\d{1,3}%so%)"},
}};

constexpr LexiconEntry kLexicon[] =
    {
        // ---------------------------------------------------- secret_request
        // Asking for the recovery phrase, seed, private key or PIN is the one
        // thing no wallet vendor ever does: phishing from anyone. Verb first
        // ("enter / verify / sync / restore your 24-word recovery phrase"),
        // so a warning ("never share your recovery phrase") is told apart by
        // negation.hpp.
        {Signal::secret_request, request, regex,
         R"(\b(?:enter(?:ing)?|re-?enter|type(?:%s%in)?|typing|input|verify(?:ing)?|confirm(?:ing)?|re-?confirm|validate|validating|sync|synchroni[sz]e|restore|import(?:ing)?|provide|providing|submit(?:ting)?|send|share|check|upload|fill%s%in|recover|authenticate|reveal|disclose|give)(?:%s%(?:us|me))?%s%(?:(?:your|the|all%s%your|all%s%the|all|our|a)%s%)?%en_asked%)"},
        {Signal::secret_request, request_clause, regex,
         R"(\b(?:we|ledger|support)%s%(?:need|needs|require|requires)%s%your%s%%en_asked%)"},
        {Signal::secret_request, request_clause, regex,
         R"(\b(?:recovery|seed|secret)%s%phrase%s%(?:verification|validation|confirmation|synchroni[sz]ation)\b)"},
        {Signal::secret_request, request, regex,
         R"(\brestore%s%(?:your|the)%s%(?:ledger|wallet|device|nano|account|funds)%s%(?:with|using|by%s%entering)%s%your\b)"},
        // "Have your 24 words ready": the call-back variant, where a fake
        // agent asks for the words on the phone. In each language.
        {Signal::secret_request, request, regex,
         R"(\b(?:have|keep|get)%s%(?:your|the|all%s%your)%s%%en_asked%%s%(?:ready|at%s%hand|handy|nearby|available)\b)"},
        {Signal::secret_request, request, regex, R"(\b(?:read(?:%s%out)?|dictate|spell)%s%(?:your|the)%s%%en_asked%)"},
        {Signal::secret_request, request, regex,
         R"(\b(?:ayez|gardez|pr[ée]parez|munissez-vous%s%de)%s%(?:votre|vos|tous%s%vos)%s%%fr_asked%)"},
        {Signal::secret_request, request, regex,
         R"(\b(?:tenga|ten|prepare|prepara)%s%(?:a%s%mano%s%)?(?:su|sus|tu|tus)%s%%es_asked%)"},
        {Signal::secret_request, request_clause, regex,
         R"(\b(?:halten|haben|legen)%s%sie%s%(?:ihre|ihren|die|alle)%s%%de_asked%%s%(?:bereit|griffbereit|zurecht)\b)"},
        {Signal::secret_request, request_clause, regex, R"(%ja_asked%(?:を)?(?:ご|お)?(?:用意|準備|手元))"},
        // French: "saisissez vos 24 mots", "vérifiez votre phrase de récupération";
        // with "pas" for "si vous ne confirmez pas votre phrase ..." (a demand)
        // and "ne partagez pas vos 24 mots" (a warning), told apart by negation.
        {Signal::secret_request, request, regex,
         R"(\b(?:saisi(?:ssez|r)|entre[zr]|tape[zr]|v[ée]rifie[zr]|confirme[zr]|valide[zr]|synchronise[zr]|restaure[zr]|importe[zr]|fourni(?:ssez|r)|communique[zr]|envoye[zr]|renseigne[zr]|indique[zr]|partage[zr]|transmett(?:ez|re)|donne[zr]|r[ée]v[ée]le[zr])(?:-nous|-moi)?(?:%s%pas)?%s%(?:(?:votre|vos|la|les|tous%s%vos|nous)%s%)?%fr_asked%)"},
        // Spanish: "introduzca su frase de recuperación / semilla".
        {Signal::secret_request, request, regex,
         R"(\b(?:introduzca|introduce|introducir|ingrese|ingresa|ingresar|escriba|escribe|verifique|verifica|verificar|confirme|confirma|confirmar|valide|valida|validar|sincronice|sincroniza|sincronizar|restaure|restaura|restaurar|importe|importa|importar|proporcione|proporciona|proporcionar|env[íi]e(?:nos)?|env[íi]a(?:nos)?|enviar|comparta|comparte|compartir|facilite|facilitar|revele|revelar|indique)%s%(?:(?:su|sus|tu|tus|la|las|los)%s%)?%es_asked%)"},
        // German, imperative: "Geben Sie Ihre 24 Wörter ein", "Bestätigen Sie
        // Ihre Wiederherstellungsphrase".
        {Signal::secret_request, request, regex,
         R"((?:\bgeben|bestätigen|\bbestaetigen|\bverifizieren|überprüfen|\bueberpruefen|\bprüfen|\bvalidieren|\bsynchronisieren|\bimportieren|\bsenden|\bschicken|\bteilen|übermitteln|\btippen|\bnennen)%s%sie%s%(?:uns%s%)?(?:(?:ihre|ihren|die|alle)%s%)?%de_asked%)"},
        // German, infinitive at the end: "um Ihre Seed-Phrase zu bestätigen",
        // "Ihre 24 Wörter einzugeben" (negated from before: "niemals bitten, ...";
        // a "nicht" inside counts too, unless conditional: "Wenn Sie Ihre
        // Wiederherstellungsphrase nicht bestätigen, ..." is a demand).
        {Signal::secret_request, request_clause, regex,
         R"(\b(?:ihre|ihren|die)%s%%de_asked%%s%(?:(?:jetzt|sofort|umgehend|erneut|nicht|niemals|nie)%s%)?(?:ein(?:zu)?geben|zu%s%bestätigen|bestätigen|zu%s%verifizieren|verifizieren|zu%s%überprüfen|überprüfen|zu%s%synchronisieren|synchronisieren|zu%s%importieren|importieren|mit(?:zu)?teilen|zu%s%senden|senden|zu%s%übermitteln|übermitteln)\b)"},
        // Japanese: "リカバリーフレーズを入力", "24単語の確認"; negated after
        // ("入力しないでください").
        {Signal::secret_request, request_clause, regex,
         R"(%ja_asked%(?:を|の)?(?:ご|再)?(?:入力|確認|送信|送付|同期|検証|認証|提出|共有|教え|登録|記入))"},

        // ---------------------------------------------------- secret_mention
        // The secrets named: in warnings and news (and inside requests, where
        // the scanner does not count them). Worth little alone; a brand's mail
        // talks about them too.
        {Signal::secret_mention, mention, regex, R"(\b%en_secret%)"},
        {Signal::secret_mention, mention, regex, R"(\b%fr_secret%)"},
        {Signal::secret_mention, mention, regex, R"(\b%es_secret%)"},
        {Signal::secret_mention, mention, regex, R"(%de_secret%)"},
        {Signal::secret_mention, mention, regex, R"(%ja_secret%)"},

        // -------------------------------------------------- security_pretext
        // Why the reader "must act": a breach (Ledger's 2020 leak made it the
        // favourite), a locked account, unauthorized access, a mandatory
        // update or device verification. Plain firmware news is not here:
        // brands announce updates.
        {Signal::security_pretext, plain, phrase, "data breach"},
        {Signal::security_pretext, plain, phrase, "security breach"},
        {Signal::security_pretext, plain, phrase, "data leak"},
        {Signal::security_pretext, plain, phrase, "unauthorized access"},
        {Signal::security_pretext, plain, phrase, "unauthorised access"},
        {Signal::security_pretext, plain, phrase, "unauthorized transaction"},
        {Signal::security_pretext, plain, phrase, "suspicious activity"},
        {Signal::security_pretext, plain, phrase, "suspicious login"},
        {Signal::security_pretext, plain, phrase, "unusual activity"},
        {Signal::security_pretext, plain, regex,
         R"(\b(?:account|wallet|device)%s%(?:has%s%been%s%|will%s%be%s%|was%s%|is%s%)?(?:suspended|locked|blocked|frozen|deactivated|restricted)\b)"},
        {Signal::security_pretext, plain, regex, R"(\bmandatory%s%(?:firmware%s%)?(?:update|upgrade|verification)\b)"},
        {Signal::security_pretext, plain, regex, R"(\bfirmware%s%(?:update|upgrade)%s%(?:is%s%)?required\b)"},
        {Signal::security_pretext, plain, regex, R"(\bcritical%s%security%s%update\b)"},
        {Signal::security_pretext, plain, regex,
         R"(\bverify%s%(?:your|the)%s%(?:device|ledger|nano|wallet|hardware%s%wallet)\b)"},
        {Signal::security_pretext, plain, phrase, "device verification"},
        {Signal::security_pretext, plain, phrase, "security incident"},
        {Signal::security_pretext, plain, phrase, "security alert"},
        {Signal::security_pretext, plain, phrase, "has been compromised"},
        {Signal::security_pretext, plain, phrase, "have been compromised"},
        // The firmware, migration and "quantum" stories of 2025-2026 Ledger
        // campaigns. Genuine brand mail uses such words too, but it is
        // authenticated, and these count only in mail speaking as the brand.
        {Signal::security_pretext, plain, regex, R"(\b(?:breached|compromised|exploited)\b)"},
        {Signal::security_pretext, plain, regex, R"(\bsecurity%s%(?:update|upgrade|patch|vulnerabilit(?:y|ies)|flaw|risks?|issues?|protocols?)\b)"},
        {Signal::security_pretext, plain, regex, R"(\bvulnerabilit(?:y|ies)\b)"},
        {Signal::security_pretext, plain, regex, R"(\bquantum%s%(?:computing|security|threats?|attacks?|resistant|protections?)\b)"},
        {Signal::security_pretext, plain, regex, R"(\b(?:synchroni[sz]e|sync|validate|re-?activate|migrate)%s%(?:your%s%)?(?:device|wallet|ledger|nano|assets|funds)\b)"},
        {Signal::security_pretext, plain, regex, R"(\b(?:requires?|required)%s%(?:an%s%|a%s%)?(?:firmware%s%)?(?:update|upgrade)\b)"},
        {Signal::security_pretext, plain, regex, R"(\bno%s%longer%s%be%s%supported\b)"},
        {Signal::security_pretext, plain, regex, R"(\bfirmware%s%(?:update|upgrade)\b)"},
        // French.
        {Signal::security_pretext, plain, phrase, "violation de données"},
        {Signal::security_pretext, plain, phrase, "fuite de données"},
        {Signal::security_pretext, plain, phrase, "faille de sécurité"},
        {Signal::security_pretext, plain, phrase, "accès non autorisé"},
        {Signal::security_pretext, plain, phrase, "activité suspecte"},
        {Signal::security_pretext, plain, regex,
         R"(\b(?:compte|portefeuille|appareil)%s%(?:a%s%été%s%|sera%s%|est%s%)?(?:suspendu|bloqué|gelé|désactivé|restreint))"},
        {Signal::security_pretext, plain, phrase, "mise à jour obligatoire"},
        {Signal::security_pretext, plain, regex,
         R"(\bv[ée]rifie[zr]%s%votre%s%(?:appareil|ledger|nano|portefeuille)\b)"},
        {Signal::security_pretext, plain, phrase, "incident de sécurité"},
        {Signal::security_pretext, plain, phrase, "alerte de sécurité"},
        {Signal::security_pretext, plain, regex, R"(\bmise%s%à%s%jour%s%(?:de%s%sécurité|du%s%firmware|du%s%micrologiciel))"},
        {Signal::security_pretext, plain, regex, R"(\bvulnérabilités?\b)"},
        {Signal::security_pretext, plain, regex, R"(\bsynchronise[zr]%s%votre%s%(?:appareil|portefeuille|ledger|nano))"},
        // Spanish.
        {Signal::security_pretext, plain, phrase, "brecha de seguridad"},
        {Signal::security_pretext, plain, phrase, "filtración de datos"},
        {Signal::security_pretext, plain, phrase, "fuga de datos"},
        {Signal::security_pretext, plain, phrase, "acceso no autorizado"},
        {Signal::security_pretext, plain, phrase, "actividad sospechosa"},
        {Signal::security_pretext, plain, regex,
         R"(\b(?:cuenta|billetera|cartera|dispositivo)%s%(?:ha%s%sido%s%|será%s%|est[áa]%s%)?(?:suspendid[oa]|bloquead[oa]|congelad[oa]|desactivad[oa]))"},
        {Signal::security_pretext, plain, phrase, "actualización obligatoria"},
        {Signal::security_pretext, plain, regex,
         R"(\bverifi(?:que|car)%s%su%s%(?:dispositivo|ledger|nano|billetera)\b)"},
        {Signal::security_pretext, plain, phrase, "incidente de seguridad"},
        {Signal::security_pretext, plain, phrase, "alerta de seguridad"},
        {Signal::security_pretext, plain, regex, R"(\bactualizaci[óo]n%s%de%s%(?:seguridad|firmware))"},
        {Signal::security_pretext, plain, regex, R"(\bvulnerabilidad(?:es)?\b)"},
        {Signal::security_pretext, plain, regex, R"(\bsincronice%s%su%s%(?:dispositivo|billetera|cartera|ledger|nano))"},
        // German.
        {Signal::security_pretext, plain, phrase, "Datenleck"},
        {Signal::security_pretext, plain, phrase, "Datenpanne"},
        {Signal::security_pretext, plain, phrase, "Datenschutzverletzung"},
        {Signal::security_pretext, plain, phrase, "Sicherheitsverletzung"},
        {Signal::security_pretext, plain, phrase, "Sicherheitslücke"},
        {Signal::security_pretext, plain, regex, R"(\b(?:unbefugte[nr]?|unberechtigte[nr]?)%s%zugriff)"},
        {Signal::security_pretext, plain, regex, R"(verdächtige%s%aktivität)"},
        {Signal::security_pretext, plain, regex,
         R"(\bkonto%s%(?:wurde%s%|wird%s%|ist%s%)?(?:gesperrt|eingeschränkt|deaktiviert)\b)"},
        {Signal::security_pretext, plain, regex,
         R"(\b(?:obligatorische[sn]?|verpflichtende[sn]?)%s%(?:firmware-?)?update\b)"},
        {Signal::security_pretext, plain, phrase, "Pflicht-Update"},
        {Signal::security_pretext, plain, regex, R"(\bverifizieren%s%sie%s%ihr%s%(?:gerät|ledger|nano|wallet))"},
        {Signal::security_pretext, plain, phrase, "Sicherheitsvorfall"},
        {Signal::security_pretext, plain, phrase, "Sicherheitswarnung"},
        {Signal::security_pretext, plain, regex, R"(\b(?:sicherheitsupdate|firmware-?update|schwachstellen?|kompromittiert)\b)"},
        {Signal::security_pretext, plain, regex, R"(\bsynchronisieren%s%sie%s%ihr%s%(?:gerät|wallet|ledger|nano))"},
        // Japanese ("セキュリティ" alone: Japanese phishing always leads with it).
        {Signal::security_pretext, plain, phrase, "不正アクセス"},
        {Signal::security_pretext, plain, phrase, "セキュリティ"},
        {Signal::security_pretext, plain, phrase, "情報漏洩"},
        {Signal::security_pretext, plain, phrase, "情報漏えい"},
        {Signal::security_pretext, plain, phrase, "データ侵害"},
        {Signal::security_pretext, plain, regex, R"(アカウント(?:が|を|の)(?:一時)?(?:停止|凍結|ロック))"},
        {Signal::security_pretext, plain, phrase, "利用停止"},
        {Signal::security_pretext, plain, phrase, "脆弱性"},
        {Signal::security_pretext, plain, regex, R"((?:ファームウェア|セキュリティ)(?:の)?(?:更新|アップデート))"},
        {Signal::security_pretext, plain, regex, R"((?:ファームウェア|デバイス)の(?:更新|アップデート)が必要)"},
        {Signal::security_pretext, plain, phrase, "必須のアップデート"},
        {Signal::security_pretext, plain, regex, R"(デバイス(?:の|を)(?:確認|認証))"},
        {Signal::security_pretext, plain, regex, R"((?:不審|異常)な(?:アクティビティ|ログイン|取引))"},

        // -------------------------------------------------- shipping_pretext
        // The delivery story: failed delivery, customs fees, a parcel held, a
        // refund, a free replacement device. Ledger customers expect parcels,
        // so it works; beside an order number in mail not from the brand it is
        // bait.
        {Signal::shipping_pretext, plain, regex,
         R"(\b(?:delivery%s%(?:has%s%)?failed|failed%s%delivery|delivery%s%attempt)\b)"},
        {Signal::shipping_pretext, plain, regex,
         R"(\b(?:unable%s%to%s%deliver|could%s%not%s%be%s%delivered|was%s%not%s%delivered)\b)"},
        {Signal::shipping_pretext, plain, regex, R"(\bcustoms%s%(?:fees?|duty|duties|charges?|clearance)\b)"},
        {Signal::shipping_pretext, plain, regex,
         R"(\b(?:parcel|package|shipment)%s%(?:is%s%|has%s%been%s%)?(?:held|on%s%hold|pending|retained)\b)"},
        {Signal::shipping_pretext, plain, phrase, "held at customs"},
        {Signal::shipping_pretext, plain, phrase, "redelivery"},
        {Signal::shipping_pretext, plain, regex, R"(\breschedule%s%(?:your%s%|the%s%)?delivery\b)"},
        {Signal::shipping_pretext, plain, phrase, "refund*"},
        {Signal::shipping_pretext, plain, regex, R"(\bre-?ship(?:ment|ping)?\b)"},
        {Signal::shipping_pretext, plain, regex, R"(\b(?:free%s%)?replacement%s%(?:device|ledger|nano|wallet)\b)"},
        {Signal::shipping_pretext, plain, regex, R"(\b(?:shipping|delivery)%s%fees?\b)"},
        {Signal::shipping_pretext, plain, regex,
         R"(\b(?:confirm|update)%s%your%s%(?:shipping|delivery|postal)%s%address\b)"},
        // French.
        {Signal::shipping_pretext, plain, regex, R"(\b(?:frais|droits)%s%de%s%douane)"},
        {Signal::shipping_pretext, plain, regex,
         R"(\bcolis%s%(?:est%s%)?(?:en%s%attente|bloqué|retenu|en%s%souffrance))"},
        {Signal::shipping_pretext, plain, phrase, "échec de livraison"},
        {Signal::shipping_pretext, plain, phrase, "livraison échouée"},
        {Signal::shipping_pretext, plain, phrase, "tentative de livraison"},
        {Signal::shipping_pretext, plain, phrase, "n'a pas pu être livré"},
        {Signal::shipping_pretext, plain, phrase, "remboursement"},
        {Signal::shipping_pretext, plain, regex, R"(\b(?:appareil|ledger|nano)%s%de%s%remplacement\b)"},
        {Signal::shipping_pretext, plain, phrase, "réexpédition"},
        {Signal::shipping_pretext, plain, regex, R"(\bfrais%s%(?:de%s%livraison|d['’]exp[ée]dition|de%s%port)\b)"},
        {Signal::shipping_pretext, plain, phrase, "reprogrammer la livraison"},
        // Spanish.
        {Signal::shipping_pretext, plain, phrase, "reembolso"},
        {Signal::shipping_pretext, plain, regex, R"(\b(?:gastos|tasas|derechos)%s%de%s%aduana\b)"},
        {Signal::shipping_pretext, plain, phrase, "aranceles"},
        {Signal::shipping_pretext, plain, regex, R"(\b(?:paquete|env[íi]o)%s%(?:retenido|pendiente|en%s%espera))"},
        {Signal::shipping_pretext, plain, phrase, "entrega fallida"},
        {Signal::shipping_pretext, plain, phrase, "no se pudo entregar"},
        {Signal::shipping_pretext, plain, phrase, "intento de entrega"},
        {Signal::shipping_pretext, plain, regex, R"(\bdispositivo%s%de%s%(?:reemplazo|sustitución)\b)"},
        {Signal::shipping_pretext, plain, phrase, "reenvío"},
        {Signal::shipping_pretext, plain, phrase, "gastos de envío"},
        // German.
        {Signal::shipping_pretext, plain, phrase, "Zollgebühr*"},
        {Signal::shipping_pretext, plain, phrase, "Zollabgaben"},
        {Signal::shipping_pretext, plain, phrase, "Paket*"},
        {Signal::shipping_pretext, plain, regex, R"(\b(?:zustellung|lieferung)%s%(?:ist%s%)?fehlgeschlagen\b)"},
        {Signal::shipping_pretext, plain, phrase, "Zustellversuch"},
        {Signal::shipping_pretext, plain, phrase, "nicht zugestellt"},
        {Signal::shipping_pretext, plain, phrase, "Rückerstattung"},
        {Signal::shipping_pretext, plain, phrase, "Ersatzgerät"},
        {Signal::shipping_pretext, plain, phrase, "Ihre Sendung"},
        {Signal::shipping_pretext, plain, phrase, "Versandkosten"},
        // Japanese.
        {Signal::shipping_pretext, plain, phrase, "再配達"},
        {Signal::shipping_pretext, plain, phrase, "返金"},
        {Signal::shipping_pretext, plain, phrase, "関税"},
        {Signal::shipping_pretext, plain, phrase, "配達できませんでした"},
        {Signal::shipping_pretext, plain, phrase, "お荷物"},
        {Signal::shipping_pretext, plain, phrase, "ご不在"},
        {Signal::shipping_pretext, plain, phrase, "持ち帰りました"},
        {Signal::shipping_pretext, plain, phrase, "交換品"},
        {Signal::shipping_pretext, plain, phrase, "再発送"},
        {Signal::shipping_pretext, plain, phrase, "配送料"},

        // ------------------------------------------------------ carrier_name
        // Carriers that shipping phish names to look real, by market. Whole
        // words: "UPS" is not in "groups", "SEUR" is not in "Monsieur".
        {Signal::carrier_name, plain, phrase, "DHL"},
        {Signal::carrier_name, plain, phrase, "UPS"},
        {Signal::carrier_name, plain, phrase, "FedEx"},
        {Signal::carrier_name, plain, phrase, "USPS"},
        {Signal::carrier_name, plain, phrase, "La Poste"},
        {Signal::carrier_name, plain, phrase, "Colissimo"},
        {Signal::carrier_name, plain, phrase, "Chronopost"},
        {Signal::carrier_name, plain, phrase, "Mondial Relay"},
        {Signal::carrier_name, plain, phrase, "Correos"},
        {Signal::carrier_name, plain, phrase, "SEUR"},
        {Signal::carrier_name, plain, phrase, "MRW"},
        {Signal::carrier_name, plain, phrase, "DPD"},
        {Signal::carrier_name, plain, phrase, "GLS"},
        {Signal::carrier_name, plain, phrase, "Hermes"},
        {Signal::carrier_name, plain, phrase, "Evri"},
        {Signal::carrier_name, plain, phrase, "Deutsche Post"},
        {Signal::carrier_name, plain, phrase, "Royal Mail"},
        {Signal::carrier_name, plain, phrase, "PostNL"},
        {Signal::carrier_name, plain, phrase, "bpost"},
        {Signal::carrier_name, plain, phrase, "Canada Post"},
        {Signal::carrier_name, plain, phrase, "Australia Post"},
        {Signal::carrier_name, plain, phrase, "Yamato"},
        {Signal::carrier_name, plain, phrase, "Sagawa"},
        {Signal::carrier_name, plain, phrase, "Japan Post"},
        {Signal::carrier_name, plain, phrase, "ヤマト運輸"},
        {Signal::carrier_name, plain, phrase, "クロネコヤマト"},
        {Signal::carrier_name, plain, phrase, "佐川急便"},
        {Signal::carrier_name, plain, phrase, "日本郵便"},
        {Signal::carrier_name, plain, phrase, "ゆうパック"},

        // -------------------------------------------------- callback_request
        // Callback scams move the victim to a phone, where no filter listens:
        // "call our support at ...". Brands rarely ask to be called in mail.
        {Signal::callback_request, plain, regex,
         R"(\bcall%s%(?:us|our%s%(?:support|customer|help|hotline|helpline|security|fraud)|customer%s%(?:support|service)|the%s%(?:following%s%)?number|this%s%number|(?:us%s%)?toll[- ]free)\b)"},
        {Signal::callback_request, plain, regex,
         R"(\bcall(?:%s%(?:now|immediately|today))?(?:%s%(?:at|on))?[\s:]{1,3}\+?\(?\d)"},
        {Signal::callback_request, plain, phrase, "give us a call"},
        {Signal::callback_request, plain, phrase, "contact us by phone"},
        {Signal::callback_request, plain, phrase, "phone us"},
        {Signal::callback_request, plain, phrase, "text us"},
        // French.
        {Signal::callback_request, plain, phrase, "appelez"},
        {Signal::callback_request, plain, phrase, "téléphonez"},
        {Signal::callback_request, plain, regex,
         R"(\bcontacte[zr](?:-nous|%s%notre%s%(?:service|support)(?:%s%client)?)%s%au\b)"},
        {Signal::callback_request, plain, phrase, "contactez-nous par téléphone"},
        // Spanish.
        {Signal::callback_request, plain, phrase, "llame"},
        {Signal::callback_request, plain, regex, R"(\bll[áa]m(?:enos|anos)\b)"},
        {Signal::callback_request, plain, phrase, "llamar al"},
        {Signal::callback_request, plain, regex, R"(\b(?:comun[íi]quese|cont[áa]ctenos)%s%(?:al|por%s%tel[ée]fono))"},
        // German.
        {Signal::callback_request, plain, phrase, "rufen Sie"},
        {Signal::callback_request, plain, phrase, "unter der Telefonnummer"},
        {Signal::callback_request, plain, phrase, "telefonisch unter"},
        {Signal::callback_request, plain, phrase, "kontaktieren Sie uns telefonisch"},
        // Japanese.
        {Signal::callback_request, plain, phrase, "お電話ください"},
        {Signal::callback_request, plain, phrase, "までお電話"},
        {Signal::callback_request, plain, phrase, "お電話にて"},
        {Signal::callback_request, plain, phrase, "電話してください"},

        // ------------------------------------------------------------ threat
        // Physical and exposure threats: the leaked Ledger database holds
        // names and home addresses, and extortion mail says so ("we know where
        // you live", "your family"), or threatens to publish.
        {Signal::threat, plain, regex, R"(\b(?:we|i)%s%know%s%where%s%you%s%(?:live|are)\b)"},
        {Signal::threat, plain, phrase, "your home address"},
        {Signal::threat, plain, regex, R"(\b(?:we|i)%s%have%s%your%s%(?:home%s%)?address\b)"},
        {Signal::threat, plain, phrase, "your family"},
        {Signal::threat, plain, phrase, "your loved ones"},
        {Signal::threat, plain, regex, R"(\byour%s%(?:wife|husband|children|kids)\b)"},
        {Signal::threat, plain, phrase, "physical visit"},
        {Signal::threat, plain, phrase, "pay you a visit"},
        {Signal::threat, plain, regex, R"(\b(?:visit|come%s%to)%s%your%s%(?:home|house|door)\b)"},
        {Signal::threat, plain, phrase, "show up at your"},
        {Signal::threat, plain, phrase, "you will regret"},
        {Signal::threat, plain, phrase, "all your contacts"},
        {Signal::threat, plain, phrase, "recorded you"},
        // French.
        {Signal::threat, plain, regex,
         R"(\b(?:nous%s%savons|je%s%sais)%s%où%s%(?:vous%s%(?:habitez|vivez)|tu%s%(?:habites|vis)))"},
        {Signal::threat, plain, regex,
         R"(\b(?:nous%s%(?:avons|connaissons)|je%s%(?:connais|possède))%s%votre%s%adresse)"},
        {Signal::threat, plain, phrase, "votre famille"},
        {Signal::threat, plain, phrase, "vos proches"},
        {Signal::threat, plain, phrase, "vos enfants"},
        {Signal::threat, plain, phrase, "rendre visite"},
        {Signal::threat, plain, phrase, "vous le regretterez"},
        {Signal::threat, plain, phrase, "tous vos contacts"},
        // Spanish.
        {Signal::threat, plain, regex, R"(\b(?:sabemos|s[ée])%s%d[óo]nde%s%(?:vives|vive|vive%s%usted))"},
        {Signal::threat, plain, regex, R"(\b(?:tenemos|conocemos)%s%(?:su|tu)%s%direcci[óo]n)"},
        {Signal::threat, plain, regex, R"(\b(?:tu|su)%s%familia\b)"},
        {Signal::threat, plain, regex, R"(\b(?:tus|sus)%s%(?:seres%s%queridos|hijos)\b)"},
        {Signal::threat, plain, regex, R"(\b(?:visitarte|visitarle|hacerte%s%una%s%visita|hacerle%s%una%s%visita)\b)"},
        {Signal::threat, plain, regex, R"(\btodos%s%(?:tus|sus)%s%contactos\b)"},
        {Signal::threat, plain, regex, R"(\b(?:te%s%arrepentirás|se%s%arrepentirá))"},
        // German.
        {Signal::threat, plain, regex,
         R"(\b(?:wir%s%wissen|ich%s%weiß|ich%s%weiss),?%s%wo%s%(?:sie|du)%s%(?:wohnen|wohnst|leben|lebst)\b)"},
        {Signal::threat, plain, regex,
         R"(\b(?:wir%s%(?:kennen|haben)|ich%s%(?:kenne|habe))%s%ihre%s%(?:privat|wohn)?adresse\b)"},
        {Signal::threat, plain, regex, R"(\b(?:ihre|deine)%s%(?:familie|kinder|angehörigen)\b)"},
        {Signal::threat, plain, phrase, "Besuch abstatten"},
        {Signal::threat, plain, regex, R"(\balle%s%(?:ihre|deine)%s%kontakte\b)"},
        {Signal::threat, plain, regex, R"(\b(?:sie%s%werden|du%s%wirst)%s%es%s%bereuen\b)"},
        // Japanese.
        {Signal::threat, plain, phrase, "住所を知っています"},
        {Signal::threat, plain, phrase, "住所を把握"},
        {Signal::threat, plain, phrase, "あなたの家族"},
        {Signal::threat, plain, regex, R"((?:ご)?家族に危害)"},
        {Signal::threat, plain, regex, R"(自宅(?:を訪問|に伺|まで行))"},
        {Signal::threat, plain, phrase, "すべての連絡先"},
        {Signal::threat, plain, phrase, "後悔することになる"},

        // ---------------------------------------------------- payment_demand
        // Extortion and fake fees: pay / send / transfer an amount in crypto,
        // or to "the following bitcoin address".
        {Signal::payment_demand, plain, regex,
         R"(\b(?:send|pay|transfer|deposit|wire)(?:%s%(?:me|us))?%s%(?:(?:exactly|only|the%s%sum%s%of)%s%)?%amount%%so%(?:(?:in|of|worth%s%of)%s%)?%crypto%)"},
        {Signal::payment_demand, plain, regex,
         R"(\b(?:to|into)%s%(?:the%s%following|this|my|our)%s%%crypto%(?:%s%|-)?(?:address|wallet)\b)"},
        {Signal::payment_demand, plain, regex, R"(\bpay(?:ment)?%s%(?:in|with|via)%s%%crypto%)"},
        // French ("payez" alone: "payez les frais de douane" is a demand too).
        {Signal::payment_demand, plain, phrase, "payez"},
        {Signal::payment_demand, plain, regex, R"(\b(?:envoye[zr]|verse[zr]|transf[ée]re[zr]|vire[zr]|d[ée]pose[zr]|payer)(?:-moi|-nous)?%s%(?:(?:exactement|la%s%somme%s%de)%s%)?%amount%%so%(?:(?:en|de)%s%)?%crypto%)"},
        {Signal::payment_demand, plain, regex, R"((?:à|sur|vers)%s%l['’]adresse%s%(?:%crypto%|suivante))"},
        {Signal::payment_demand, plain, regex, R"(\bpaiement%s%en%s%%crypto%)"},
        // Spanish ("envíe" with an amount or an address, not alone: "envíe su
        // dirección" is ordinary).
        {Signal::payment_demand, plain, regex,
         R"(\b(?:env[íi]e(?:nos|me)?|pague|paga|transfiera|transfiere|deposite)%s%(?:exactamente%s%)?%amount%%so%(?:(?:en|de)%s%)?%crypto%)"},
        {Signal::payment_demand, plain, regex,
         R"(\b(?:env[íi]e(?:nos|me)?|pague|transfiera)%s%(?:(?:el%s%(?:pago|importe|dinero)|los%s%fondos)%s%)?a%s%la%s%siguiente%s%(?:direcci[óo]n|billetera|cartera))"},
        {Signal::payment_demand, plain, regex, R"(\bpago%s%en%s%%crypto%)"},
        // German.
        {Signal::payment_demand, plain, phrase, "überweisen Sie"},
        {Signal::payment_demand, plain, regex,
         R"((?:\bsenden|\bzahlen|\bbezahlen|\bschicken|\btransferieren)%s%sie%s%(?:(?:mir|uns)%s%)?(?:genau%s%)?%amount%%so%(?:(?:in|an)%s%)?%crypto%)"},
        {Signal::payment_demand, plain, regex, R"(\ban%s%(?:die%s%)?folgende%s%%crypto%(?:-|%s%)?(?:adresse|wallet))"},
        {Signal::payment_demand, plain, regex, R"(\bzahlung%s%in%s%%crypto%)"},
        // Japanese ("支払え": the imperative of extortion).
        {Signal::payment_demand, plain, phrase, "支払え"},
        {Signal::payment_demand, plain, regex,
         R"((?:\d|[０-９])[\d０-９.,．]{0,12}%so%(?:BTC|ＢＴＣ|ビットコイン|USDT|イーサリアム|ETH)(?:を|で)?(?:支払|送金|送って|振り込))"},
        {Signal::payment_demand, plain, regex, R"((?:ビットコイン|BTC|暗号資産|仮想通貨)(?:で|にて)(?:支払|送金))"},
        {Signal::payment_demand, plain, regex, R"(以下の(?:ビットコイン|BTC|暗号資産|仮想通貨)?アドレスに)"},

        // ----------------------------------------------------------- urgency
        // Deadlines that stop the reader from thinking. Weak alone.
        {Signal::urgency, plain, regex,
         R"(\bwithin%s%(?:the%s%next%s%)?(?:%hours%|(?:twenty-four|forty-eight|one|two|three)%s%)(?:hours?|hrs?|h|days?|minutes?|mins?)\b)"},
        {Signal::urgency, plain, regex, R"(\bin%s%the%s%next%s%%hours%hours?\b)"},
        {Signal::urgency, plain, phrase, "immediately"},
        {Signal::urgency, plain, regex, R"(\b(?:final|last)%s%(?:notice|warning|reminder)\b)"},
        {Signal::urgency, plain, phrase, "urgent"},
        {Signal::urgency, plain, phrase, "urgently"},
        {Signal::urgency, plain, phrase, "act now"},
        {Signal::urgency, plain, phrase, "as soon as possible"},
        {Signal::urgency, plain, phrase, "expires today"},
        {Signal::urgency, plain, regex, R"(\bbefore%s%it(?:%s%is|['’]s)%s%too%s%late\b)"},
        // French.
        {Signal::urgency, plain, regex, R"(\b(?:sous|d['’]ici)%s%%hours%(?:heures?|h|jours?)\b)"},
        {Signal::urgency, plain, regex,
         R"(\bdans%s%les%s%(?:%hours%(?:heures?|h|jours?)|prochaines%s%(?:%hours%)?heures)\b)"},
        {Signal::urgency, plain, regex, R"(\bimm[ée]diatement\b)"},
        {Signal::urgency, plain, regex, R"(\bdernier%s%(?:avis|rappel|avertissement)\b)"},
        {Signal::urgency, plain, phrase, "sans délai"},
        {Signal::urgency, plain, phrase, "dès que possible"},
        {Signal::urgency, plain, phrase, "au plus vite"},
        // Spanish.
        {Signal::urgency, plain, regex,
         R"(\bdentro%s%de%s%(?:las%s%)?(?:pr[óo]ximas%s%)?%hours%(?:horas?|h|d[íi]as?)\b)"},
        {Signal::urgency, plain, regex, R"(\ben%s%las%s%pr[óo]ximas%s%%hours%horas\b)"},
        {Signal::urgency, plain, phrase, "inmediatamente"},
        {Signal::urgency, plain, phrase, "de inmediato"},
        {Signal::urgency, plain, regex, R"([úu]ltimo%s%aviso|[úu]ltima%s%advertencia)"},
        {Signal::urgency, plain, phrase, "urgente"},
        {Signal::urgency, plain, phrase, "lo antes posible"},
        // German.
        {Signal::urgency, plain, regex,
         R"(\b(?:innerhalb%s%(?:von%s%|der%s%nächsten%s%)?|binnen%s%)%hours%(?:stunden|std\.?|h|tagen?)\b)"},
        {Signal::urgency, plain, phrase, "sofort"},
        {Signal::urgency, plain, phrase, "umgehend"},
        {Signal::urgency, plain, phrase, "unverzüglich"},
        {Signal::urgency, plain, regex, R"(\bletzte%s%(?:mahnung|warnung|erinnerung)\b)"},
        {Signal::urgency, plain, phrase, "dringend"},
        // Japanese.
        {Signal::urgency, plain, regex, R"((?:\d|[０-９]){1,3}%so%(?:時間|日)以内)"},
        {Signal::urgency, plain, phrase, "至急"},
        {Signal::urgency, plain, phrase, "直ちに"},
        {Signal::urgency, plain, phrase, "ただちに"},
        {Signal::urgency, plain, phrase, "今すぐ"},
        {Signal::urgency, plain, phrase, "最終通知"},
        {Signal::urgency, plain, phrase, "最終警告"},
        {Signal::urgency, plain, phrase, "緊急"},
        {Signal::urgency, plain, phrase, "早急に"},
        {Signal::urgency, plain, phrase, "本日中"},

        // --------------------------------------------------- order_reference
        // Order numbers as shops write them: the bait of fake shipping and
        // refund mail ("your order #123456"). The brands' own formats come
        // from configuration (extra_order_patterns).
        {Signal::order_reference, plain, regex,
         R"(\border(?:%so%(?:#|no\.?|n°|nº|number|num\.?|id|ref\.?|reference))?%order_no%)"},
        {Signal::order_reference, plain, regex,
         R"(\bcommande(?:%so%(?:n°|nº|no\.?|num[ée]ro|num\.?|#|r[ée]f\.?|r[ée]f[ée]rence))?%order_no%)"},
        {Signal::order_reference, plain, regex,
         R"(\bpedido(?:%so%(?:n°|nº|no\.?|n[úu]mero|num\.?|nro\.?|#))?%order_no%)"},
        {Signal::order_reference, plain, regex,
         R"(\bbestell(?:ung|nummer|ungsnummer|nr\.?)(?:%so%(?:nr\.?|nummer|#))?%order_no%)"},
        {Signal::order_reference, plain, regex,
         R"((?:ご?注文番号|オーダー番号|注文ID|注文ＩＤ)%so%[:：#＃]?%so%(?:[a-z]{0,4}-?)?(?:\d|[０-９]){5,})"},
};

bool is_ascii_alnum(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string phrase_expression(std::string_view phrase) {
  bool open_end = false;
  if (!phrase.empty() && phrase.back() == '*') {
    open_end = true;
    phrase.remove_suffix(1);
  }
  std::string out;
  if (!phrase.empty() && is_ascii_alnum(phrase.front())) out += "\\b";
  for (char c : phrase) {
    const auto u = static_cast<unsigned char>(c);
    if (c == ' ') {
      out += "[\\s\\x{a0}]{1,3}";
    } else if (c == '\'') {
      out += "['’]";
    } else if (u >= 0x80 || is_ascii_alnum(c)) {
      out.push_back(c);
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0x0f]);
    }
  }
  if (!open_end && !phrase.empty() && is_ascii_alnum(phrase.back())) out += "\\b";
  return out;
}

// Expands %name% fragments; fragments nest at most a few levels, and an
// unknown name is left as it is (Hyperscan then refuses the pattern,
// which the lexicon test catches).
std::string expand_fragments(std::string_view regex) {
  constexpr int kMaxPasses = 4;
  std::string current(regex);
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    std::string next;
    next.reserve(current.size());
    bool changed = false;
    std::size_t i = 0;
    while (i < current.size()) {
      if (current[i] == '%') {
        const std::size_t close = current.find('%', i + 1);
        if (close != std::string::npos) {
          const std::string_view name(current.data() + i + 1, close - i - 1);
          const auto* fragment =
              std::find_if(kFragments.begin(), kFragments.end(), [name](const Fragment& f) { return f.name == name; });
          if (fragment != kFragments.end()) {
            next += fragment->regex;
            i = close + 1;
            changed = true;
            continue;
          }
        }
      }
      next.push_back(current[i++]);
    }
    current = std::move(next);
    if (!changed) break;
  }
  return current;
}

}  // namespace

std::span<const LexiconEntry> content_lexicon() noexcept {
  return kLexicon;
}

std::string lexicon_expression(const LexiconEntry& entry) {
  return entry.form == PhraseForm::phrase ? phrase_expression(entry.text) : expand_fragments(entry.text);
}

}  // namespace brandguard::policy::brand
