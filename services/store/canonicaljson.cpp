#include "store/canonicaljson.h"

#include <QJsonArray>
#include <QLocale>
#include <QStringList>
#include <QVariant>

#include <algorithm>
#include <cmath>

namespace opsdeck {

namespace {

void writeString(QByteArray &out, const QString &text)
{
    out.append('"');
    for (const char c : text.toUtf8()) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
            if (byte < 0x20)
                out.append("\\u00").append(QByteArray::number(byte, 16).rightJustified(2, '0'));
            else
                out.append(c);
        }
    }
    out.append('"');
}

void writeNumber(QByteArray &out, const QJsonValue &value)
{
    const QVariant variant = value.toVariant();
    if (variant.typeId() == QMetaType::LongLong) {
        out.append(QByteArray::number(variant.toLongLong()));
        return;
    }
    const double d = value.toDouble();
    if (!std::isfinite(d)) {
        out.append("null");
        return;
    }
    constexpr double exactIntegers = 9007199254740992.0;  // 2^53
    if (d == std::floor(d) && std::fabs(d) < exactIntegers) {
        out.append(QByteArray::number(static_cast<qint64>(d)));
        return;
    }
    out.append(QString::number(d, 'g', QLocale::FloatingPointShortest).toLatin1());
}

void write(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out.append("null");
        break;
    case QJsonValue::Bool:
        out.append(value.toBool() ? "true" : "false");
        break;
    case QJsonValue::Double:
        writeNumber(out, value);
        break;
    case QJsonValue::String:
        writeString(out, value.toString());
        break;
    case QJsonValue::Array: {
        out.append('[');
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (i > 0)
                out.append(',');
            write(out, array.at(i));
        }
        out.append(']');
        break;
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        QStringList keys = object.keys();
        std::sort(keys.begin(), keys.end());  // QString's operator< compares UTF-16 code units
        out.append('{');
        for (qsizetype i = 0; i < keys.size(); ++i) {
            if (i > 0)
                out.append(',');
            writeString(out, keys.at(i));
            out.append(':');
            write(out, object.value(keys.at(i)));
        }
        out.append('}');
        break;
    }
    }
}

} // namespace

QByteArray canonicalJson(const QJsonValue &value)
{
    QByteArray out;
    write(out, value);
    return out;
}

} // namespace opsdeck
