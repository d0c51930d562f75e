#include "providers/jsonreader.h"

#include "core/result.h"
#include "core/text.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>
#include <limits>

namespace opsdeck {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(opsdeck::JsonReader)
};

constexpr qint64 kMaxEpochMs = 253402300799999;  // 9999-12-31T23:59:59.999Z

bool looksLikeHtml(const QByteArray &trimmed)
{
    return trimmed.startsWith('<');
}

QString htmlTitle(const QByteArray &body)
{
    const qsizetype open = body.indexOf("<title>");
    const qsizetype close = body.indexOf("</title>");
    if (open < 0 || close <= open)
        return {};
    return sanitizeForDisplay(QString::fromUtf8(body.mid(open + 7, std::min<qsizetype>(close - open - 7, 120))))
        .trimmed();
}
} // namespace

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return Tr::tr("null");
    case QJsonValue::Bool: return Tr::tr("a boolean");
    case QJsonValue::Double: return Tr::tr("a number");
    case QJsonValue::String: return Tr::tr("a string");
    case QJsonValue::Array: return Tr::tr("an array");
    case QJsonValue::Object: return Tr::tr("an object");
    case QJsonValue::Undefined: return Tr::tr("missing");
    }
    return Tr::tr("missing");
}

JsonReader::JsonReader(QString provider, QString document)
    : m_provider(std::move(provider)), m_document(std::move(document))
{
}

std::optional<QJsonDocument> JsonReader::document(const QByteArray &body)
{
    const QByteArray trimmed = body.trimmed();
    if (trimmed.isEmpty()) {
        failDocument(Tr::tr("the response body is empty"));
        return std::nullopt;
    }
    if (looksLikeHtml(trimmed)) {
        failDocument(Tr::tr("received an HTML page instead of JSON"), htmlTitle(trimmed));
        return std::nullopt;
    }
    QJsonParseError parseError;
    QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        failDocument(Tr::tr("the JSON is malformed or cut off"),
                     Tr::tr("%1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
        return std::nullopt;
    }
    return doc;
}

std::optional<JsonObjectView> JsonReader::root(const QByteArray &body)
{
    const auto doc = document(body);
    if (!doc)
        return std::nullopt;
    if (!doc->isObject()) {
        failDocument(Tr::tr("expected a JSON object at the top level, got %1")
                         .arg(doc->isArray() ? Tr::tr("an array") : Tr::tr("a scalar")));
        return std::nullopt;
    }
    return JsonObjectView(this, doc->object(), QString());
}

std::optional<QList<JsonObjectView>> JsonReader::rootArray(const QByteArray &body)
{
    const auto doc = document(body);
    if (!doc)
        return std::nullopt;
    if (!doc->isArray()) {
        failDocument(Tr::tr("expected a JSON array at the top level, got %1")
                         .arg(doc->isObject() ? Tr::tr("an object") : Tr::tr("a scalar")));
        return std::nullopt;
    }
    const QJsonArray array = doc->array();
    QList<JsonObjectView> out;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
        if (!array.at(i).isObject()) {
            fail(path, Tr::tr("is %1, expected an object").arg(jsonTypeName(array.at(i))));
            return std::nullopt;
        }
        out.append(JsonObjectView(this, array.at(i).toObject(), path));
    }
    return out;
}

void JsonReader::fail(const QString &path, const QString &problem)
{
    if (m_failed)
        return;
    failDocument(Tr::tr("'%1' %2").arg(path, problem));
}

void JsonReader::failDocument(const QString &problem, const QString &detail)
{
    if (m_failed)
        return;
    m_failed = true;
    m_problem = problem;
    m_detail = detail;
}

Error JsonReader::error() const
{
    const QString message = Tr::tr("Unexpected response from %1 (%2): %3").arg(m_provider, m_document, m_problem);
    return makeError(ErrorKind::BadResponse, message, m_detail);
}

JsonObjectView::JsonObjectView(JsonReader *reader, QJsonObject object, QString path)
    : m_reader(reader), m_object(std::move(object)), m_path(std::move(path))
{
}

QString JsonObjectView::pathOf(const char *key) const
{
    const QString k = QString::fromLatin1(key);
    return m_path.isEmpty() ? k : m_path + QLatin1Char('.') + k;
}

bool JsonObjectView::has(const char *key) const
{
    const QJsonValue v = value(key);
    return !v.isUndefined() && !v.isNull();
}

void JsonObjectView::fail(const char *key, const QString &problem) const
{
    m_reader->fail(pathOf(key), problem);
}

bool JsonObjectView::expect(const char *key, const QJsonValue &v, QJsonValue::Type type, const char *typeName) const
{
    if (v.type() == type)
        return true;
    fail(key, Tr::tr("is %1, expected %2").arg(jsonTypeName(v), Tr::tr(typeName)));
    return false;
}

std::optional<QString> JsonObjectView::optString(const char *key) const
{
    const QJsonValue v = value(key);
    if (v.isUndefined() || v.isNull() || !expect(key, v, QJsonValue::String, QT_TR_NOOP("a string")))
        return std::nullopt;
    return v.toString();
}

QString JsonObjectView::string(const char *key) const
{
    if (!has(key)) {
        fail(key, Tr::tr("is missing"));
        return {};
    }
    return optString(key).value_or(QString());
}

std::optional<QString> JsonObjectView::optText(const char *key, bool keepNewlines) const
{
    const auto s = optString(key);
    if (!s)
        return std::nullopt;
    return sanitizeForDisplay(*s, keepNewlines);
}

std::optional<qint64> JsonObjectView::optInteger(const char *key) const
{
    const QJsonValue v = value(key);
    if (v.isUndefined() || v.isNull() || !expect(key, v, QJsonValue::Double, QT_TR_NOOP("a number")))
        return std::nullopt;
    constexpr qint64 sentinel = std::numeric_limits<qint64>::min();
    const qint64 i = v.toInteger(sentinel);
    if (i == sentinel) {
        fail(key, Tr::tr("is %1, expected a whole number").arg(v.toDouble()));
        return std::nullopt;
    }
    return i;
}

qint64 JsonObjectView::integer(const char *key) const
{
    if (!has(key)) {
        fail(key, Tr::tr("is missing"));
        return 0;
    }
    return optInteger(key).value_or(0);
}

std::optional<double> JsonObjectView::optNumber(const char *key) const
{
    const QJsonValue v = value(key);
    if (v.isUndefined() || v.isNull() || !expect(key, v, QJsonValue::Double, QT_TR_NOOP("a number")))
        return std::nullopt;
    const double d = v.toDouble();
    if (!std::isfinite(d)) {
        fail(key, Tr::tr("is not a finite number"));
        return std::nullopt;
    }
    return d;
}

std::optional<bool> JsonObjectView::optBool(const char *key) const
{
    const QJsonValue v = value(key);
    if (v.isUndefined() || v.isNull() || !expect(key, v, QJsonValue::Bool, QT_TR_NOOP("a boolean")))
        return std::nullopt;
    return v.toBool();
}

bool JsonObjectView::boolean(const char *key) const
{
    if (!has(key)) {
        fail(key, Tr::tr("is missing"));
        return false;
    }
    return optBool(key).value_or(false);
}

std::optional<QDateTime> JsonObjectView::optIsoDate(const char *key) const
{
    const auto s = optString(key);
    if (!s)
        return std::nullopt;
    QDateTime dt = QDateTime::fromString(*s, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(*s, Qt::ISODate);
    if (!dt.isValid()) {
        fail(key, Tr::tr("is not an ISO 8601 date (\"%1\")").arg(sanitizeForDisplay(s->left(40))));
        return std::nullopt;
    }
    return dt.toUTC();
}

std::optional<QDateTime> JsonObjectView::optEpochMs(const char *key) const
{
    const auto ms = optInteger(key);
    if (!ms)
        return std::nullopt;
    if (*ms < 0 || *ms > kMaxEpochMs) {
        fail(key, Tr::tr("is not a plausible millisecond timestamp (%1)").arg(*ms));
        return std::nullopt;
    }
    return QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC);
}

std::optional<QDateTime> JsonObjectView::optEpochSeconds(const char *key) const
{
    const auto s = optInteger(key);
    if (!s)
        return std::nullopt;
    if (*s < 0 || *s > kMaxEpochMs / 1000) {
        fail(key, Tr::tr("is not a plausible timestamp in seconds (%1)").arg(*s));
        return std::nullopt;
    }
    return QDateTime::fromSecsSinceEpoch(*s, Qt::UTC);
}

std::optional<JsonObjectView> JsonObjectView::optObject(const char *key) const
{
    const QJsonValue v = value(key);
    if (v.isUndefined() || v.isNull() || !expect(key, v, QJsonValue::Object, QT_TR_NOOP("an object")))
        return std::nullopt;
    return JsonObjectView(m_reader, v.toObject(), pathOf(key));
}

JsonObjectView JsonObjectView::objectAt(const char *key) const
{
    if (!has(key))
        fail(key, Tr::tr("is missing"));
    return optObject(key).value_or(JsonObjectView(m_reader, {}, pathOf(key)));
}

QList<JsonObjectView> JsonObjectView::objects(const char *key, bool required) const
{
    const QJsonValue v = value(key);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            fail(key, Tr::tr("is missing"));
        return {};
    }
    if (!expect(key, v, QJsonValue::Array, QT_TR_NOOP("an array")))
        return {};
    const QJsonArray array = v.toArray();
    QList<JsonObjectView> out;
    out.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString itemPath = pathOf(key) + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
        if (!array.at(i).isObject()) {
            m_reader->fail(itemPath, Tr::tr("is %1, expected an object").arg(jsonTypeName(array.at(i))));
            return {};
        }
        out.append(JsonObjectView(m_reader, array.at(i).toObject(), itemPath));
    }
    return out;
}

std::optional<QStringList> JsonObjectView::optStringList(const char *key) const
{
    const QJsonValue v = value(key);
    if (v.isUndefined() || v.isNull() || !expect(key, v, QJsonValue::Array, QT_TR_NOOP("an array")))
        return std::nullopt;
    QStringList out;
    for (const QJsonValue &item : v.toArray()) {
        if (!item.isString()) {
            fail(key, Tr::tr("contains %1, expected strings only").arg(jsonTypeName(item)));
            return std::nullopt;
        }
        out.append(item.toString());
    }
    return out;
}

} // namespace opsdeck
