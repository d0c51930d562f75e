#pragma once

#include "core/error.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace opsdeck {

class JsonObjectView;

// Reads one provider response. Every field is optional and type-checked; the first problem is
// remembered (which provider, which document, which field) so a parser can read on and return
// error() at the end instead of silently using zeros or defaults.
class JsonReader
{
public:
    // provider: "Vercel"; document: what was being read, e.g. "deployment list".
    JsonReader(QString provider, QString document);

    // The body as a JSON object. Empty bodies, HTML pages, malformed or truncated JSON and
    // non-object roots are errors.
    std::optional<JsonObjectView> root(const QByteArray &body);
    // The body as a JSON array of objects (GitHub's Dependabot alerts list).
    std::optional<QList<JsonObjectView>> rootArray(const QByteArray &body);

    bool failed() const { return m_failed; }
    Error error() const;  // BadResponse with the first problem
    void fail(const QString &path, const QString &problem);
    void failDocument(const QString &problem, const QString &detail = {});

private:
    std::optional<QJsonDocument> document(const QByteArray &body);

    QString m_provider;
    QString m_document;
    QString m_problem;
    QString m_detail;
    bool m_failed = false;
};

// A JSON object plus its path ("deployments[2].creator") and the reader that collects problems.
// Accessors return an empty value after recording a problem; missing and null are the same.
class JsonObjectView
{
public:
    JsonObjectView(JsonReader *reader, QJsonObject object, QString path);

    const QJsonObject &object() const { return m_object; }
    const QString &path() const { return m_path; }
    QString pathOf(const char *key) const;
    bool has(const char *key) const;  // present and not null
    QJsonValue value(const char *key) const { return m_object.value(QLatin1String(key)); }

    std::optional<QString> optString(const char *key) const;
    QString string(const char *key) const;  // required, may be empty
    // Strings shown to people: control characters, escapes and bidi overrides removed.
    std::optional<QString> optText(const char *key, bool keepNewlines = false) const;
    std::optional<qint64> optInteger(const char *key) const;  // a JSON number with no fraction
    qint64 integer(const char *key) const;
    std::optional<double> optNumber(const char *key) const;   // finite numbers only
    std::optional<bool> optBool(const char *key) const;
    bool boolean(const char *key) const;
    std::optional<QDateTime> optIsoDate(const char *key) const;  // RFC 3339 / ISO 8601, UTC
    std::optional<QDateTime> optEpochMs(const char *key) const;
    std::optional<QDateTime> optEpochSeconds(const char *key) const;
    std::optional<JsonObjectView> optObject(const char *key) const;
    JsonObjectView objectAt(const char *key) const;  // required
    // An array of objects; a missing array is a problem only when required.
    QList<JsonObjectView> objects(const char *key, bool required = true) const;
    std::optional<QStringList> optStringList(const char *key) const;

    void fail(const char *key, const QString &problem) const;
    JsonReader *reader() const { return m_reader; }

private:
    bool expect(const char *key, const QJsonValue &v, QJsonValue::Type type, const char *typeName) const;

    JsonReader *m_reader;
    QJsonObject m_object;
    QString m_path;
};

// "a string", "an array", ... for messages.
QString jsonTypeName(const QJsonValue &value);

} // namespace opsdeck
