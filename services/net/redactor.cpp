#include "net/redactor.h"

#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <functional>

namespace opsdeck {

namespace {

constexpr qsizetype kMinSecretLength = 4;

const char *const kSensitiveHeaders[] = {
    "authorization", "proxy-authorization", "x-api-key", "api-key", "x-auth-token",
    "cookie", "set-cookie", "x-amz-security-token", "private-token",
};

// The expressions below are never destroyed: Qt still logs (and the log handler redacts) while
// static objects are destroyed at exit.

// "Authorization: Bearer abc", "x-api-key=abc", "\"authorization\": \"token abc\"".
const QRegularExpression &credentialHeaderRe()
{
    static const auto *re = new QRegularExpression(
        QStringLiteral("\\b((?:proxy-)?authorization|x-api-key|api-key|x-auth-token|private-token|"
                       "x-amz-security-token)(\"?\\s*[:=]\\s*\"?)(?:(bearer|basic|token|digest)\\s+)?"
                       "([^\\s\",;&]+)"),
        QRegularExpression::CaseInsensitiveOption);
    return *re;
}

// Cookie values hold spaces and semicolons: mask to the end of the line or string.
const QRegularExpression &cookieRe()
{
    static const auto *re = new QRegularExpression(QStringLiteral("\\b((?:set-)?cookie)(\"?\\s*[:=]\\s*\"?)([^\\r\\n\"]+)"),
                                       QRegularExpression::CaseInsensitiveOption);
    return *re;
}

// Query (or form) parameters that carry credentials or signatures.
const QRegularExpression &queryParamRe()
{
    static const auto *re = new QRegularExpression(
        QStringLiteral("((?:^|[?&;#\\s])(?:access_token|refresh_token|id_token|token|auth|key|api_key|apikey|"
                       "api-key|client_secret|secret|password|passwd|sig|signature|code|"
                       "x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|"
                       "x-goog-credential)=)([^&#\\s\"']+)"),
        QRegularExpression::CaseInsensitiveOption);
    return *re;
}

// Well-known token shapes: keep the prefix so the log still says what kind of token it was.
const QRegularExpression &tokenPrefixRe()
{
    static const auto *re = new QRegularExpression(
        QStringLiteral("\\b(github_pat_|gh[pousr]_|sk-ant-admin\\d*-|sk-ant-|sk-admin-|sk-proj-|sk-|"
                       "xox[abpr]-|glpat-)[A-Za-z0-9_\\-]{6,}"));
    return *re;
}

// The password of URL user info ("https://user:pass@host"): up to the last '@' before a space or quote
// so that a password with an unencoded '@' or '/' is masked whole (at worst a little more is masked).
const QRegularExpression &urlPasswordRe()
{
    static const auto *re = new QRegularExpression(
        QStringLiteral("\\b([a-z][a-z0-9+.-]*://[^\\s/?#@:\"'<>]*:)[^\\s\"'<>]*(?=@)"),
        QRegularExpression::CaseInsensitiveOption);
    return *re;
}

// A JSON Web Token: header and payload are base64url JSON objects ("eyJ..."), then the signature.
const QRegularExpression &jwtRe()
{
    static const auto *re = new QRegularExpression(QStringLiteral("\\beyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"));
    return *re;
}

// AWS access key ids (long-term AKIA, temporary ASIA): the prefix is kept, it says what leaked.
const QRegularExpression &awsAccessKeyIdRe()
{
    static const auto *re = new QRegularExpression(QStringLiteral("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"));
    return *re;
}

// Replaces every match with build(match) + mask.
QString replaceMatches(const QString &text, const QRegularExpression &re,
                       const std::function<QString(const QRegularExpressionMatch &)> &keep)
{
    QString out;
    qsizetype last = 0;
    auto it = re.globalMatch(text);
    if (!it.hasNext())
        return text;
    while (it.hasNext()) {
        const auto m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        out += keep(m) + Redactor::mask();
        last = m.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out;
}

} // namespace

Redactor &Redactor::global()
{
    // Never destroyed: Qt logs (and the log handler redacts) after static destructors have run.
    static auto *redactor = new Redactor;
    return *redactor;
}

void Redactor::addSecret(const QByteArray &secret)
{
    QList<QString> candidates;
    const QString value = QString::fromUtf8(secret.trimmed());
    candidates << value;
    // "Bearer abc" / "token abc" / "Basic abc": the credential alone can show up elsewhere.
    const qsizetype space = value.indexOf(QLatin1Char(' '));
    if (space > 0)
        candidates << value.mid(space + 1).trimmed();
    // Indexes, not iterators: the list grows inside the loop.
    for (qsizetype i = 0, plain = candidates.size(); i < plain; ++i) {
        const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(candidates.at(i)));
        if (encoded != candidates.at(i))
            candidates << encoded;
    }

    QWriteLocker locker(&m_lock);
    for (const QString &c : std::as_const(candidates)) {
        if (c.size() >= kMinSecretLength && !m_secrets.contains(c))
            m_secrets << c;
    }
    std::sort(m_secrets.begin(), m_secrets.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
}

void Redactor::clearSecrets()
{
    QWriteLocker locker(&m_lock);
    m_secrets.clear();
}

int Redactor::secretCount() const
{
    QReadLocker locker(&m_lock);
    return int(m_secrets.size());
}

QString Redactor::redact(const QString &text) const
{
    QString out = text;
    {
        QReadLocker locker(&m_lock);
        for (const QString &secret : m_secrets)
            out.replace(secret, mask());
    }
    out = replaceMatches(out, credentialHeaderRe(), [](const QRegularExpressionMatch &m) -> QString {
        const QString scheme = m.captured(3);
        return m.captured(1) + m.captured(2) + (scheme.isEmpty() ? QString() : scheme + QLatin1Char(' '));
    });
    const auto keepNameAndSeparator = [](const QRegularExpressionMatch &m) -> QString { return m.captured(1) + m.captured(2); };
    out = replaceMatches(out, cookieRe(), keepNameAndSeparator);
    const auto keepFirst = [](const QRegularExpressionMatch &m) -> QString { return m.captured(1); };
    out = replaceMatches(out, queryParamRe(), keepFirst);
    out = replaceMatches(out, tokenPrefixRe(), keepFirst);
    out = replaceMatches(out, urlPasswordRe(), keepFirst);
    out = replaceMatches(out, jwtRe(), [](const QRegularExpressionMatch &) { return QString(); });
    out = replaceMatches(out, awsAccessKeyIdRe(), keepFirst);
    return out;
}

QByteArray Redactor::redact(const QByteArray &text) const { return redact(QString::fromUtf8(text)).toUtf8(); }

bool Redactor::isSensitiveHeader(QByteArrayView name)
{
    return std::any_of(std::begin(kSensitiveHeaders), std::end(kSensitiveHeaders),
                       [&](const char *h) { return name.compare(QByteArrayView(h), Qt::CaseInsensitive) == 0; });
}

} // namespace opsdeck
