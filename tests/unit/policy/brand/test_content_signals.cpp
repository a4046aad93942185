#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "brand/content_lexicon.hpp"
#include "brand/content_signals.hpp"
#include "brand/negation.hpp"
#include "rules/pattern_set.hpp"

using namespace brandguard::policy::brand;

namespace {

// Compiling the lexicon takes a while (one Hyperscan database with start
// of match); the tests share one scanner, as the threads of a snapshot do.
const ContentSignalScanner& scanner() {
  static const auto instance = [] {
    auto created = ContentSignalScanner::create({"\\bLDG-[0-9]{6,}\\b"});
    if (!created) FAIL(created.error());
    return *created;
  }();
  return *instance;
}

ContentSignals scan(std::string_view text, std::string_view subject = "") {
  bool incomplete = true;
  ContentSignals signals = scanner().scan(subject, text, &incomplete);
  CHECK_FALSE(incomplete);
  return signals;
}

std::string evidence(const ContentSignals& s, Signal signal) {
  const SignalHit* hit = s.find(signal);
  return hit != nullptr ? hit->evidence : std::string("<none>");
}

// A request, not a warning.
void check_request(std::string_view text, std::string_view expected_evidence) {
  INFO(text);
  const auto s = scan(text);
  CHECK(evidence(s, Signal::secret_request) == expected_evidence);
}

// A warning: the secret is named, not asked for.
void check_warning(std::string_view text) {
  INFO(text);
  const auto s = scan(text);
  CHECK_FALSE(s.has(Signal::secret_request));
  CHECK(s.has(Signal::secret_mention));
}

}  // namespace

TEST_CASE("content: the whole lexicon compiles, every entry on its own too", "[content]") {
  using brandguard::policy::rules::CompileOptions;
  using brandguard::policy::rules::PatternSet;
  std::size_t count = 0;
  for (const LexiconEntry& entry : content_lexicon()) {
    const std::string expression = lexicon_expression(entry);
    INFO(entry.text << " -> " << expression);
    CHECK(expression.find('%') == std::string::npos);  // every fragment known
    const auto one = PatternSet::compile({{expression, false, 0}}, CompileOptions{true, true});
    CHECK(one.has_value());
    ++count;
  }
  CHECK(count > 200);
  CHECK(lexicon_expression(LexiconEntry{Signal::carrier_name, PhraseRole::plain, PhraseForm::phrase, "La Poste"}) ==
        "\\bLa[\\s\\x{a0}]{1,3}Poste\\b");
  CHECK(lexicon_expression(LexiconEntry{Signal::shipping_pretext, PhraseRole::plain, PhraseForm::phrase, "Paket*"}) ==
        "\\bPaket");
}

TEST_CASE("content: English requests and warnings about the recovery phrase", "[content]") {
  check_request("Please enter your 24-word recovery phrase to verify your device.",
                "enter your 24-word recovery phrase");
  check_request("To keep your assets, sync your seed phrase at the link below.", "sync your seed phrase");
  check_request("Restore your wallet with your 24 words within 24 hours.", "Restore your wallet with your");
  check_request("Your wallet has not been verified, please confirm your secret recovery phrase.",
                "confirm your secret recovery phrase");
  check_request("If you do not validate your recovery phrase, your funds will be lost.",
                "validate your recovery phrase");
  check_request("Don't worry, just type in your 12 words below.", "type in your 12 words");
  check_request("Send us your private key to receive the refund.", "Send us your private key");

  check_warning("Ledger will never ask for your 24 words.");
  check_warning("Never share your recovery phrase with anyone.");
  check_warning("Do not enter your recovery phrase on any website.");
  check_warning("Ledger will never, under any circumstances, ask you to enter your recovery phrase.");
  check_warning("Never, ever, share your recovery phrase.");
  check_warning("No one from Ledger will ask you to confirm your seed phrase.");
  check_warning("Share your recovery phrase with no one.");
  check_warning("We won’t ask you to type your 24 words.");  // typographic apostrophe
  check_warning("Keep your recovery phrase offline.");

  // A warning first, then the request in the next sentence.
  const auto both = scan("Never share your recovery phrase. Now enter your recovery phrase here to continue.");
  CHECK(evidence(both, Signal::secret_request) == "enter your recovery phrase");
  CHECK(evidence(both, Signal::secret_mention) == "share your recovery phrase");
  // The noun inside a request is not a mention.
  CHECK_FALSE(scan("Enter your recovery phrase now.").has(Signal::secret_mention));
}

TEST_CASE("content: French requests and warnings", "[content]") {
  check_request("Saisissez vos 24 mots pour synchroniser votre Ledger.", "Saisissez vos 24 mots");
  check_request("Votre appareil n'est pas vérifié, veuillez saisir votre phrase de récupération.",
                "saisir votre phrase de récupération");
  check_request("Si vous ne confirmez pas votre phrase de récupération, vos fonds seront perdus.",
                "confirmez pas votre phrase de récupération");
  check_warning("Ledger ne vous demandera jamais de saisir votre phrase de récupération.");
  check_warning("Ne communiquez jamais votre phrase de récupération.");
  check_warning("Ne partagez pas vos 24 mots.");
  check_warning("Ledger n’exigera jamais de vérifier vos 24 mots.");
}

TEST_CASE("content: Spanish requests and warnings", "[content]") {
  check_request("Introduzca su frase semilla para verificar su dispositivo.", "Introduzca su frase semilla");
  check_request("Si no verifica su frase de recuperación, su cuenta será suspendida.",
                "verifica su frase de recuperación");
  check_request("Su cuenta no está verificada, por favor confirme sus 24 palabras.", "confirme sus 24 palabras");
  check_warning("Nunca comparta su frase de recuperación.");
  check_warning("Ledger nunca le pedirá que introduzca su frase de recuperación.");
  check_warning("Nadie de Ledger le pedirá verificar su frase semilla.");
}

TEST_CASE("content: German requests and warnings", "[content]") {
  check_request("Bitte geben Sie Ihre 24 Wörter ein, um Ihr Gerät zu verifizieren.", "geben Sie Ihre 24 Wörter");
  check_request("Um Ihr Konto zu schützen, ist es nötig, Ihre Seed-Phrase zu bestätigen.",
                "Ihre Seed-Phrase zu bestätigen");
  check_request("Wenn Sie Ihre Wiederherstellungsphrase nicht bestätigen, wird Ihr Konto gesperrt.",
                "Ihre Wiederherstellungsphrase nicht bestätigen");
  check_warning("Geben Sie Ihre Wiederherstellungsphrase niemals weiter.");
  check_warning("Ledger wird Sie niemals bitten, Ihre 24 Wörter einzugeben.");
  check_warning("Wir bitten Sie, Ihre Wiederherstellungsphrase niemals einzugeben.");
  check_warning("Teilen Sie Ihre Seed-Phrase mit niemandem.");
}

TEST_CASE("content: Japanese requests and warnings", "[content]") {
  check_request("24時間以内にリカバリーフレーズを入力してください。", "リカバリーフレーズを入力");
  check_request("リカバリーフレーズを確認しない場合、アカウントは停止されます。", "リカバリーフレーズを確認");
  check_request("デバイスの同期のため、24単語を入力してください。", "24単語を入力");
  check_warning("リカバリーフレーズを入力しないでください。");
  check_warning("Ledgerが秘密鍵を入力させることはありません。");
  check_warning("決してリカバリーフレーズを共有しないでください。");
  check_warning("復元フレーズは安全な場所に保管してください。");
}

TEST_CASE("content: a genuine Ledger order confirmation asks for nothing", "[content]") {
  const std::string text =
      "Hi Alex,\n\nThank you for your order #LDG-4815162 placed on ledger.com. Your Ledger Nano X will be shipped "
      "with DHL within 2 business days, and you will receive a tracking link by email.\n\n"
      "Important: Ledger will never ask for your 24 words. Never share your 24 words with anyone, never type them "
      "on a computer or a phone, and keep your recovery sheet offline. Anyone asking for your recovery phrase is a "
      "scammer.\n\nThe Ledger team";
  const auto s = scan(text, "Your Ledger order LDG-4815162 is confirmed");
  CHECK_FALSE(s.has(Signal::secret_request));
  CHECK(s.has(Signal::secret_mention));
  // In the subject first; the built-in form starts before the brand's.
  CHECK(evidence(s, Signal::order_reference) == "order LDG-4815162");
  CHECK(evidence(s, Signal::carrier_name) == "DHL");
  CHECK_FALSE(s.has(Signal::threat));
  CHECK_FALSE(s.has(Signal::payment_demand));
  CHECK_FALSE(s.has(Signal::crypto_address));
  CHECK(s.phones_e164.empty());
}

TEST_CASE("content: extortion with a valid Bitcoin address", "[content]") {
  const std::string text =
      "We know where you live. After the Ledger database leak we have your home address and the names of your "
      "family. Send 0.5 BTC to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa within 48 hours, or we will pay you a visit.";
  const auto s = scan(text, "Final warning");
  CHECK(evidence(s, Signal::threat) == "We know where you live");
  CHECK(evidence(s, Signal::payment_demand) == "Send 0.5 BTC");
  CHECK(evidence(s, Signal::crypto_address) == "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
  CHECK(evidence(s, Signal::urgency) == "Final warning");  // from the subject
  CHECK(s.crypto_addresses == std::vector<std::string>{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"});
  // Hits in reading order: the subject's, then the text's.
  REQUIRE(s.hits.size() >= 4);
  CHECK(s.hits[0].signal == Signal::urgency);
  CHECK(s.hits[1].signal == Signal::threat);

  // The same with a bad checksum: no address.
  const auto bad = scan("Send 0.5 BTC to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb now.");
  CHECK(bad.has(Signal::payment_demand));
  CHECK_FALSE(bad.has(Signal::crypto_address));
  CHECK(bad.crypto_addresses.empty());
}

TEST_CASE("content: extortion in French, Spanish, German and Japanese", "[content]") {
  const auto fr = scan(
      "Nous savons où vous habitez. Envoyez 0,3 BTC à l'adresse suivante sous 24 heures : "
      "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq");
  CHECK(evidence(fr, Signal::threat) == "Nous savons où vous habitez");
  CHECK(evidence(fr, Signal::payment_demand) == "Envoyez 0,3 BTC");
  CHECK(evidence(fr, Signal::urgency) == "sous 24 heures");
  CHECK(fr.crypto_addresses == std::vector<std::string>{"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"});

  const auto es = scan(
      "Sabemos dónde vives. Envíe 500 USD en bitcoin a la siguiente dirección dentro de 24 horas: "
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
  CHECK(evidence(es, Signal::threat) == "Sabemos dónde vives");
  CHECK(evidence(es, Signal::payment_demand) == "Envíe 500 USD en bitcoin");
  CHECK(evidence(es, Signal::urgency) == "dentro de 24 horas");
  CHECK(es.has(Signal::crypto_address));

  const auto de = scan(
      "Wir wissen, wo Sie wohnen. Überweisen Sie innerhalb von 24 Stunden 0.2 BTC an folgende Bitcoin-Adresse: "
      "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy");
  CHECK(evidence(de, Signal::threat) == "Wir wissen, wo Sie wohnen");
  CHECK(evidence(de, Signal::payment_demand) == "Überweisen Sie");
  CHECK(evidence(de, Signal::urgency) == "innerhalb von 24 Stunden");
  CHECK(de.has(Signal::crypto_address));

  const auto ja = scan("あなたの住所を知っています。24時間以内に0.1BTCを支払え。");
  CHECK(evidence(ja, Signal::threat) == "住所を知っています");
  CHECK(evidence(ja, Signal::urgency) == "24時間以内");
  CHECK(evidence(ja, Signal::payment_demand) == "0.1BTCを支払");
}

TEST_CASE("content: shipping and callback scams with phone numbers", "[content]") {
  const auto en = scan(
      "Dear customer, your order #123456 could not be delivered. DHL: customs fees of 2.99 EUR are due. "
      "Call us at +1 (888) 555-0199 immediately.");
  CHECK(evidence(en, Signal::order_reference) == "order #123456");
  CHECK(evidence(en, Signal::shipping_pretext) == "could not be delivered");
  CHECK(evidence(en, Signal::carrier_name) == "DHL");
  CHECK(evidence(en, Signal::callback_request) == "Call us");
  CHECK(evidence(en, Signal::phone_number) == "+1 (888) 555-0199");
  CHECK(evidence(en, Signal::urgency) == "immediately");
  CHECK(en.phones_e164 == std::vector<std::string>{"+18885550199"});

  const auto fr = scan(
      "Votre colis est en attente. Frais de douane : 1,99 €. Commande n° 4589123. "
      "Appelez le 01 23 45 67 89 (Colissimo).");
  CHECK(evidence(fr, Signal::shipping_pretext) == "colis est en attente");
  CHECK(evidence(fr, Signal::order_reference) == "Commande n° 4589123");
  CHECK(evidence(fr, Signal::callback_request) == "Appelez");
  CHECK(evidence(fr, Signal::carrier_name) == "Colissimo");
  CHECK(fr.phones_e164 == std::vector<std::string>{"+33123456789"});

  const auto es = scan("Su pedido 1234567 está retenido por Correos: reembolso pendiente. Llame al 912 345 678.");
  CHECK(evidence(es, Signal::order_reference) == "pedido 1234567");
  CHECK(evidence(es, Signal::carrier_name) == "Correos");
  CHECK(evidence(es, Signal::shipping_pretext) == "reembolso");
  CHECK(es.phones_e164 == std::vector<std::string>{"+34912345678"});

  const auto de = scan(
      "Ihre Bestellung 12345678: Zollgebühren fällig, Ihr Paket liegt bei DPD. "
      "Rufen Sie uns an: 030 1234567.");
  CHECK(evidence(de, Signal::order_reference) == "Bestellung 12345678");
  CHECK(evidence(de, Signal::shipping_pretext) == "Zollgebühr");
  CHECK(evidence(de, Signal::carrier_name) == "DPD");
  CHECK(evidence(de, Signal::callback_request) == "Rufen Sie");
  CHECK(de.phones_e164 == std::vector<std::string>{"+49301234567"});

  const auto ja = scan(
      "ご注文番号：１２３４５６７ "
      "ヤマト運輸です。お荷物を持ち帰りました。再配達はお電話ください：０３－１２３４－５６７８");
  CHECK(evidence(ja, Signal::order_reference) == "ご注文番号：１２３４５６７");
  CHECK(evidence(ja, Signal::carrier_name) == "ヤマト運輸");
  CHECK(evidence(ja, Signal::shipping_pretext) == "お荷物");
  CHECK(evidence(ja, Signal::callback_request) == "お電話ください");
  CHECK(ja.phones_e164 == std::vector<std::string>{"+81312345678"});
}

TEST_CASE("content: security pretexts in five languages", "[content]") {
  CHECK(evidence(scan("Due to a data breach, verify your device."), Signal::security_pretext) == "data breach");
  CHECK(evidence(scan("Your account has been suspended."), Signal::security_pretext) == "account has been suspended");
  CHECK(evidence(scan("Suite à une violation de données, mise à jour obligatoire."), Signal::security_pretext) ==
        "violation de données");
  CHECK(evidence(scan("Detectamos una brecha de seguridad en su cuenta."), Signal::security_pretext) ==
        "brecha de seguridad");
  CHECK(evidence(scan("Nach einem Datenleck ist ein Pflicht-Update nötig."), Signal::security_pretext) == "Datenleck");
  CHECK(evidence(scan("不正アクセスを検知しました。"), Signal::security_pretext) == "不正アクセス");
  // Whole words: no carrier in "groups", no SEUR in "Monsieur".
  CHECK_FALSE(scan("Bonjour Monsieur, our user groups meet today.").has(Signal::carrier_name));
}

TEST_CASE("content: a bad extra order pattern is named", "[content]") {
  const auto bad = ContentSignalScanner::create({"\\bORD-[0-9]{6}\\b", "ORD(-[0-9]+"});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().rfind("order pattern 1 (\"ORD(-[0-9]+\"): ", 0) == 0);
  CHECK(bad.error().find("pattern 0") == std::string::npos);
  const auto empty = ContentSignalScanner::create({""});
  REQUIRE_FALSE(empty);
  CHECK(empty.error().rfind("order pattern 0 (\"\"): ", 0) == 0);
}

TEST_CASE("content: evidence is capped at 80 bytes on a UTF-8 boundary", "[content]") {
  // A brand's pattern matching a long run; the evidence is cut, not the scan.
  static const auto long_order = [] {
    auto created = ContentSignalScanner::create({"REF[0-9あ]{10,}"});
    if (!created) FAIL(created.error());
    return *created;
  }();
  std::string japanese = "REF1234567890";
  for (int i = 0; i < 40; ++i) japanese += "あ";  // 3 bytes each: byte 80 falls inside one
  bool incomplete = true;
  const auto s = long_order->scan("", japanese, &incomplete);
  CHECK_FALSE(incomplete);
  const SignalHit* hit = s.find(Signal::order_reference);
  REQUIRE(hit != nullptr);
  CHECK(hit->evidence.size() <= 80);
  CHECK(hit->evidence.size() == 79);  // "REF" + 10 digits + 22 whole characters
  CHECK(japanese.compare(0, hit->evidence.size(), hit->evidence) == 0);
}

TEST_CASE("content: each signal once, first evidence; oversized text is incomplete", "[content]") {
  const auto s = scan("Urgent: act now. Immediately! Within 24 hours.", "");
  std::size_t urgency = 0;
  for (const auto& h : s.hits) urgency += h.signal == Signal::urgency ? 1 : 0;
  CHECK(urgency == 1);
  CHECK(evidence(s, Signal::urgency) == "Urgent");

  std::string huge(2u << 20, 'x');
  huge += " enter your recovery phrase";
  bool incomplete = false;
  const auto capped = scanner().scan("", huge, &incomplete);
  CHECK(incomplete);  // past the 1 MiB cap: not scanned, and said so
  CHECK_FALSE(capped.has(Signal::secret_request));

  // Many warnings before one request (nearly the 1 MiB cap): still found,
  // in bounded time.
  std::string repeated;
  for (int i = 0; i < 30000; ++i) repeated += "Never share your recovery phrase. ";
  repeated += "Please enter your recovery phrase.";
  CHECK(scan(repeated).has(Signal::secret_request));
  CHECK(scan("").hits.empty());
  CHECK(to_string(Signal::crypto_address) == "crypto_address");
  CHECK(to_string(Signal::secret_request) == "secret_request");
}

TEST_CASE("content: negation look-around on its own", "[content]") {
  const std::string warning = "Ledger will never ask you to enter your recovery phrase.";
  const std::size_t at = warning.find("enter");
  CHECK(negated_request(warning, at, at + 26, RequestForm::imperative));
  const std::string request = "Good news. Enter your recovery phrase.";
  const std::size_t r = request.find("Enter");
  CHECK_FALSE(negated_request(request, r, r + 26, RequestForm::imperative));
  // A paragraph break ends the scope too.
  const std::string paragraphs = "We never sleep\n\nEnter your recovery phrase";
  const std::size_t p = paragraphs.find("Enter");
  CHECK_FALSE(negated_request(paragraphs, p, p + 26, RequestForm::imperative));
  // Out of range: not negated, no crash.
  CHECK_FALSE(negated_request("abc", 2, 10, RequestForm::clause));
}
