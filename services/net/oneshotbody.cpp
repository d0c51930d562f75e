#include "net/oneshotbody.h"

#include <algorithm>
#include <cstring>

namespace opsdeck {

OneShotBody::OneShotBody(QByteArray body, QObject *parent) : QIODevice(parent), m_body(std::move(body))
{
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
}

qint64 OneShotBody::bytesAvailable() const { return (m_body.size() - m_offset) + QIODevice::bytesAvailable(); }

qint64 OneShotBody::readData(char *data, qint64 maxSize)
{
    const qint64 n = std::min<qint64>(maxSize, m_body.size() - m_offset);
    if (n <= 0)
        return m_offset >= m_body.size() ? -1 : 0;
    std::memcpy(data, m_body.constData() + m_offset, size_t(n));
    m_offset += n;
    return n;
}

} // namespace opsdeck
