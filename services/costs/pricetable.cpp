#include "costs/pricetable.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>

#include <cmath>
#include <optional>

namespace opsdeck {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(opsdeck::PriceTable)
};

constexpr double kMaxPrice = 10000.0;
constexpr qint64 kMaxFileBytes = 4 * 1024 * 1024;

Error bad(const QString &problem)
{
    return makeError(ErrorKind::BadResponse, Tr::tr("The price table is not valid: %1").arg(problem));
}

bool validPrice(double v) { return std::isfinite(v) && v >= 0 && v < kMaxPrice; }

// nullopt = absent or null (derive by rule); NaN = present but not a number.
std::optional<double> price(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    return v.isDouble() ? v.toDouble() : std::nan("");
}

QJsonValue priceJson(double v) { return QJsonValue(std::round(v * 1e6) / 1e6); }
} // namespace

const ModelPrice *PriceTable::find(const QString &model) const
{
    const ModelPrice *best = nullptr;
    for (const ModelPrice &p : m_prices) {
        if (p.model == model)
            return &p;
        if (model.startsWith(p.model) && model.size() > p.model.size() && model.at(p.model.size()) == u'-'
            && (!best || p.model.size() > best->model.size())) {
            best = &p;
        }
    }
    return best;
}

Result<PriceTable> PriceTable::fromJson(const QByteArray &json)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return bad(error.errorString());
    if (!doc.isObject())
        return bad(Tr::tr("not a JSON object"));
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("version")).toInt() != 1)
        return bad(Tr::tr("unknown version (expected 1)"));
    PriceTable table;
    table.m_asOf = QDate::fromString(root.value(QLatin1String("asOf")).toString(), Qt::ISODate);
    if (!table.m_asOf.isValid())
        return bad(Tr::tr("\"asOf\" is not a date (YYYY-MM-DD)"));
    const QJsonValue models = root.value(QLatin1String("models"));
    if (!models.isArray())
        return bad(Tr::tr("\"models\" is not a list"));
    for (const QJsonValue &v : models.toArray()) {
        const QJsonObject o = v.toObject();
        ModelPrice p;
        p.provider = o.value(QLatin1String("provider")).toString();
        p.model = o.value(QLatin1String("model")).toString();
        p.asOf = QDate::fromString(o.value(QLatin1String("asOf")).toString(), Qt::ISODate);
        p.note = o.value(QLatin1String("note")).toString();
        const auto input = price(o, "input");
        const auto output = price(o, "output");
        if (!input || !output)
            return bad(Tr::tr("%1 has no input or output price").arg(p.model));
        p.inputUsd = *input;
        p.outputUsd = *output;
        const bool anthropic = p.provider == QLatin1String("anthropic");
        p.cachedInputUsd = price(o, "cachedInput").value_or(anthropic ? p.inputUsd * 0.1 : p.inputUsd);
        p.cacheWrite5mUsd = price(o, "cacheWrite5m").value_or(anthropic ? p.inputUsd * 1.25 : p.inputUsd);
        p.cacheWrite1hUsd = price(o, "cacheWrite1h").value_or(anthropic ? p.inputUsd * 2.0 : p.inputUsd);
        if (!p.asOf.isValid())
            p.asOf = table.m_asOf;
        table.m_prices.append(p);
    }
    if (Status s = table.validate(); !s)
        return s.error();
    return table;
}

Status PriceTable::validate() const
{
    QSet<QString> seen;
    for (const ModelPrice &p : m_prices) {
        if (p.model.trimmed().isEmpty() || p.provider.trimmed().isEmpty())
            return bad(Tr::tr("a row has no provider or model"));
        if (seen.contains(p.model))
            return bad(Tr::tr("%1 is listed twice").arg(p.model));
        seen.insert(p.model);
        for (double v : {p.inputUsd, p.cachedInputUsd, p.cacheWrite5mUsd, p.cacheWrite1hUsd, p.outputUsd}) {
            if (!validPrice(v))
                return bad(Tr::tr("%1 has a price that is negative, too large or not a number").arg(p.model));
        }
    }
    return {};
}

QByteArray PriceTable::toJson() const
{
    QJsonArray models;
    for (const ModelPrice &p : m_prices) {
        QJsonObject o{{QStringLiteral("provider"), p.provider},
                      {QStringLiteral("model"), p.model},
                      {QStringLiteral("input"), priceJson(p.inputUsd)},
                      {QStringLiteral("cachedInput"), priceJson(p.cachedInputUsd)},
                      {QStringLiteral("cacheWrite5m"), priceJson(p.cacheWrite5mUsd)},
                      {QStringLiteral("cacheWrite1h"), priceJson(p.cacheWrite1hUsd)},
                      {QStringLiteral("output"), priceJson(p.outputUsd)},
                      {QStringLiteral("asOf"), p.asOf.toString(Qt::ISODate)}};
        if (!p.note.isEmpty())
            o.insert(QStringLiteral("note"), p.note);
        models.append(o);
    }
    const QJsonObject root{{QStringLiteral("version"), 1},
                           {QStringLiteral("asOf"), m_asOf.toString(Qt::ISODate)},
                           {QStringLiteral("currency"), QStringLiteral("USD")},
                           {QStringLiteral("unit"), QStringLiteral("USD per 1M tokens")},
                           {QStringLiteral("models"), models}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

PriceTable PriceTable::builtIn()
{
    Result<PriceTable> table = fromJson(builtInJson());
    Q_ASSERT(table.ok());  // the unit tests parse the built-in table
    return table.ok() ? std::move(table).value() : PriceTable();
}

Result<PriceTable> PriceTable::load(const QString &overridePath)
{
    if (overridePath.isEmpty() || !QFileInfo::exists(overridePath))
        return builtIn();
    QFile file(overridePath);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::Io, Tr::tr("Cannot read the price table %1").arg(QDir::toNativeSeparators(overridePath)),
                         file.errorString());
    if (file.size() > kMaxFileBytes)
        return bad(Tr::tr("%1 is larger than 4 MB").arg(QDir::toNativeSeparators(overridePath)));
    Result<PriceTable> table = fromJson(file.readAll());
    if (!table)
        return makeError(table.error().kind, table.error().message + QStringLiteral(" (") +
                                                 QDir::toNativeSeparators(overridePath) + QLatin1Char(')'));
    table.value().m_user = true;
    return table;
}

Status PriceTable::save(const QString &path) const
{
    if (Status s = validate(); !s)
        return s;
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(toJson()) < 0 || !file.commit())
        return makeError(ErrorKind::Io, Tr::tr("Cannot save the price table to %1").arg(QDir::toNativeSeparators(path)),
                         file.errorString());
    return {};
}

QString PriceTable::overridePath(const QString &dataDir)
{
    return dataDir + QStringLiteral("/pricing.json");
}

} // namespace opsdeck
