#include <catch2/catch.hpp>

#include "core/logsink.h"
#include "net/redactor.h"

#include <QRandomGenerator>

using namespace opsdeck;

TEST_CASE("credential header values are masked, names kept", "[redactor]")
{
    const Redactor r;
    CHECK(r.redact(QStringLiteral("Authorization: Bearer test-token-not-real")) == QStringLiteral("Authorization: Bearer ***"));
    CHECK(r.redact(QStringLiteral("authorization=token abcdef123")) == QStringLiteral("authorization=token ***"));
    CHECK(r.redact(QStringLiteral("x-api-key: anthropic-not-real-key")) == QStringLiteral("x-api-key: ***"));
    CHECK(r.redact(QStringLiteral(R"({"X-Api-Key": "value-not-real", "accept": "json"})"))
          == QStringLiteral(R"({"X-Api-Key": "***", "accept": "json"})"));
    CHECK(r.redact(QStringLiteral("Cookie: session=abc; other=def\nnext line"))
          == QStringLiteral("Cookie: ***\nnext line"));
    CHECK(r.redact(QStringLiteral("Proxy-Authorization: Basic dXNlcjpwYXNz")) == QStringLiteral("Proxy-Authorization: Basic ***"));
}

TEST_CASE("token-like query parameters are masked", "[redactor]")
{
    const Redactor r;
    CHECK(r.redact(QStringLiteral("GET https://api.example.test/x?token=abc123&page=2"))
          == QStringLiteral("GET https://api.example.test/x?token=***&page=2"));
    CHECK(r.redact(QStringLiteral("https://h.test/?page=1&access_token=zzz#frag")) == QStringLiteral("https://h.test/?page=1&access_token=***#frag"));
    CHECK(r.redact(QStringLiteral("https://h.test/?API_KEY=zzz")) == QStringLiteral("https://h.test/?API_KEY=***"));
    CHECK(r.redact(QStringLiteral("https://bucket.s3.test/o?X-Amz-Credential=AKIA%2F1&X-Amz-Signature=deadbeef&X-Amz-Expires=60"))
          == QStringLiteral("https://bucket.s3.test/o?X-Amz-Credential=***&X-Amz-Signature=***&X-Amz-Expires=60"));
    CHECK(r.redact(QStringLiteral("https://h.test/?sig=abc&key=k1")) == QStringLiteral("https://h.test/?sig=***&key=***"));
    // Ordinary parameters that merely contain the words are left alone.
    CHECK(r.redact(QStringLiteral("https://h.test/?monkey=1&tokenizer=bpe&per_page=100"))
          == QStringLiteral("https://h.test/?monkey=1&tokenizer=bpe&per_page=100"));
}

TEST_CASE("known token prefixes are masked wherever they appear", "[redactor]")
{
    const Redactor r;
    CHECK(r.redact(QStringLiteral("using ghp_aaaaBBBBccccDDDD1234 now")) == QStringLiteral("using ghp_*** now"));
    CHECK(r.redact(QStringLiteral("gho_16C7e42F292c6912E7710c838347Ae178B4a")) == QStringLiteral("gho_***"));
    CHECK(r.redact(QStringLiteral("github_pat_11ABCDEFG0_abcdefghijklmnop")) == QStringLiteral("github_pat_***"));
    CHECK(r.redact(QStringLiteral("key sk-ant-admin01-abcdefghij_KLMN-op")) == QStringLiteral("key sk-ant-admin01-***"));
    CHECK(r.redact(QStringLiteral("sk-ant-api03-abcdefghij")) == QStringLiteral("sk-ant-***"));
    CHECK(r.redact(QStringLiteral("sk-admin-abcdefghijk")) == QStringLiteral("sk-admin-***"));
    CHECK(r.redact(QStringLiteral("\"sk-proj-abcdefghijk\"")) == QStringLiteral("\"sk-proj-***\""));
    CHECK(r.redact(QStringLiteral("sk-abcdefghijklmnop")) == QStringLiteral("sk-***"));
    // Words that only contain a prefix are not tokens.
    CHECK(r.redact(QStringLiteral("task-1234567890 desk-abcdefgh sk-short")) == QStringLiteral("task-1234567890 desk-abcdefgh sk-short"));
}

TEST_CASE("registered secrets are masked in every form", "[redactor]")
{
    Redactor r;
    r.addSecret("Bearer vercel-test-token-not-real");
    r.addSecret("abc");  // too short to register: would mask ordinary words
    CHECK(r.secretCount() >= 2);
    CHECK(r.redact(QStringLiteral("token vercel-test-token-not-real leaked")) == QStringLiteral("token *** leaked"));
    CHECK(r.redact(QStringLiteral("Bearer vercel-test-token-not-real")).indexOf(QStringLiteral("vercel-test")) < 0);
    CHECK(r.redact(QStringLiteral("abc abcdef")) == QStringLiteral("abc abcdef"));

    r.addSecret("p@ss word/with+chars");
    CHECK_FALSE(r.redact(QStringLiteral("u=p%40ss%20word%2Fwith%2Bchars")).contains(QStringLiteral("word")));

    r.clearSecrets();
    CHECK(r.secretCount() == 0);
    CHECK(r.redact(QStringLiteral("vercel-test-token-not-real")) == QStringLiteral("vercel-test-token-not-real"));
}

TEST_CASE("a registered secret never survives redaction (property)", "[redactor]")
{
    Redactor r;
    QRandomGenerator rng(42);
    const QString alphabet = QStringLiteral("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~+/=");
    for (int round = 0; round < 300; ++round) {
        QString secret;
        const int length = 8 + int(rng.bounded(40));
        for (int i = 0; i < length; ++i)
            secret += alphabet.at(int(rng.bounded(int(alphabet.size()))));
        r.addSecret(secret.toUtf8());
        const QString text = QStringLiteral("pre ") + secret + QStringLiteral(" mid\"") + secret + QStringLiteral("\" end");
        const QString out = r.redact(text);
        INFO(text.toStdString() << " -> " << out.toStdString());
        CHECK_FALSE(out.contains(secret));
    }
}

TEST_CASE("sensitive header names", "[redactor]")
{
    CHECK(Redactor::isSensitiveHeader("Authorization"));
    CHECK(Redactor::isSensitiveHeader("X-API-KEY"));
    CHECK(Redactor::isSensitiveHeader("cookie"));
    CHECK_FALSE(Redactor::isSensitiveHeader("Accept"));
    CHECK_FALSE(Redactor::isSensitiveHeader("anthropic-version"));
}

TEST_CASE("the global redactor is shared", "[redactor]")
{
    Redactor::global().addSecret("global-sentinel-not-real");
    CHECK(Redactor::global().redact(QStringLiteral("x global-sentinel-not-real y")) == QStringLiteral("x *** y"));
    CHECK(&Redactor::global() == &Redactor::global());
}

// Obviously fake values that have the shape of the real thing.
namespace {
const QString kFakeJwt = QStringLiteral("eyJhbGciOiJub25lIn0.eyJzdWIiOiJmYWtlIn0.not-a-real-signature");
const QString kFakeAccessKeyId = QStringLiteral("AKIA0000000000000000");
} // namespace

TEST_CASE("URL credentials are masked: userinfo password, token parameters", "[redactor]")
{
    const Redactor r;
    CHECK(r.redact(QStringLiteral("GET https://monitor:pw-not-real@status.example.test/health failed"))
          == QStringLiteral("GET https://monitor:***@status.example.test/health failed"));
    CHECK(r.redact(QStringLiteral("postgresql://app:pw%2Fnot-real@db.example.test:5432/prod"))
          == QStringLiteral("postgresql://app:***@db.example.test:5432/prod"));
    // A password with '@' or '/' in it (not percent-encoded) is masked to the last '@' of the authority.
    CHECK(r.redact(QStringLiteral("https://u:p@ss-not-real@h.example.test/x"))
          == QStringLiteral("https://u:***@h.example.test/x"));
    CHECK(r.redact(QStringLiteral("https://status.example.test/health?token=tok-not-real&x=1"))
          == QStringLiteral("https://status.example.test/health?token=***&x=1"));
    // A user name alone and e-mail addresses are not secrets.
    CHECK(r.redact(QStringLiteral("postgresql://app@db.example.test/prod")) == QStringLiteral("postgresql://app@db.example.test/prod"));
    CHECK(r.redact(QStringLiteral("mail ops@example.test at 10:30")) == QStringLiteral("mail ops@example.test at 10:30"));
    CHECK(r.redact(QStringLiteral("took 12:30 min, see https://h.example.test/a")) == QStringLiteral("took 12:30 min, see https://h.example.test/a"));
}

TEST_CASE("JWTs and AWS access key ids are masked wherever they appear", "[redactor]")
{
    const Redactor r;
    CHECK(r.redact(QStringLiteral("id_token ") + kFakeJwt + QStringLiteral(" expired")) == QStringLiteral("id_token *** expired"));
    CHECK(r.redact(QStringLiteral("{\"jwt\":\"") + kFakeJwt + QStringLiteral("\"}")) == QStringLiteral("{\"jwt\":\"***\"}"));
    CHECK(r.redact(QStringLiteral("key ") + kFakeAccessKeyId + QStringLiteral(" denied")) == QStringLiteral("key AKIA*** denied"));
    CHECK(r.redact(QStringLiteral("Credential=") + kFakeAccessKeyId + QStringLiteral("/20261129/us-east-1/s3"))
          .indexOf(kFakeAccessKeyId) < 0);
    // Words that merely start like them are left alone.
    CHECK(r.redact(QStringLiteral("eyJ alone, AKIA short, AKIAlowercase0000000"))
          == QStringLiteral("eyJ alone, AKIA short, AKIAlowercase0000000"));
}

TEST_CASE("the log sink masks URL credentials, JWTs and access key ids", "[redactor]")
{
    LogSink sink;
    sink.add(LogLevel::Warning, QStringLiteral("health"),
             QStringLiteral("GET https://monitor:pw-not-real@status.example.test/health?token=tok-not-real: 503 ")
                 + kFakeJwt + QLatin1Char(' ') + kFakeAccessKeyId);
    REQUIRE(sink.lines().size() == 1);
    const QString text = sink.lines().first().text;
    INFO(text.toStdString());
    CHECK_FALSE(text.contains(QStringLiteral("pw-not-real")));
    CHECK_FALSE(text.contains(QStringLiteral("tok-not-real")));
    CHECK_FALSE(text.contains(QStringLiteral("eyJzdWIiOiJmYWtlIn0")));
    CHECK_FALSE(text.contains(kFakeAccessKeyId));
    CHECK(text.contains(QStringLiteral("status.example.test/health")));
}
