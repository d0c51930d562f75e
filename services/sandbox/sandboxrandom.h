#pragma once

#include <QString>
#include <QStringList>

#include <random>

namespace opsdeck {

// Deterministic random source of the simulated production. Uses only the raw engine output
// (not the standard distributions, whose results differ between standard libraries), so a
// seed gives the same world everywhere.
class SandboxRandom
{
public:
    explicit SandboxRandom(quint64 seed) : m_engine(seed) {}

    quint64 next() { return m_engine(); }
    // Uniform integer in [lo, hi].
    qint64 range(qint64 lo, qint64 hi)
    {
        if (hi <= lo)
            return lo;
        return lo + static_cast<qint64>(m_engine() % static_cast<quint64>(hi - lo + 1));
    }
    // Uniform real in [lo, hi).
    double uniform(double lo, double hi)
    {
        const double unit = static_cast<double>(m_engine() >> 11) * (1.0 / 9007199254740992.0);
        return lo + (hi - lo) * unit;
    }
    bool chance(double p) { return uniform(0.0, 1.0) < p; }
    QString pick(const QStringList &items) { return items.at(static_cast<int>(range(0, items.size() - 1))); }
    QString token(int length, QStringView alphabet)
    {
        QString out;
        out.reserve(length);
        for (int i = 0; i < length; ++i)
            out.append(alphabet.at(static_cast<int>(range(0, alphabet.size() - 1))));
        return out;
    }
    QString alnum(int length) { return token(length, u"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"); }
    QString lowerAlnum(int length) { return token(length, u"abcdefghijklmnopqrstuvwxyz0123456789"); }
    QString hex(int length) { return token(length, u"0123456789abcdef"); }

private:
    std::mt19937_64 m_engine;
};

} // namespace opsdeck
