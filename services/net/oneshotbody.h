#pragma once

#include <QByteArray>
#include <QIODevice>

namespace opsdeck {

// The body of a non-idempotent request (sent at most once), handed to Qt as a device that can be read once.
// Qt's HTTP/1.1 channel re-sends a request in flight when the server closes the connection before
// answering; before it does, it rewinds the body (QHttpNetworkConnectionChannel::resetUploadData).
// This device refuses to rewind, so Qt fails the request with ContentReSendError instead of sending
// the POST a second time. Sequential, so Qt streams it (the Content-Length is set by the caller).
class OneShotBody final : public QIODevice
{
    Q_OBJECT

public:
    explicit OneShotBody(QByteArray body, QObject *parent = nullptr);

    bool isSequential() const override { return true; }
    bool reset() override { return false; }
    bool seek(qint64) override { return false; }
    qint64 bytesAvailable() const override;
    qint64 size() const override { return m_body.size(); }
    bool atEnd() const override { return m_offset >= m_body.size(); }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_body;
    qint64 m_offset = 0;
};

} // namespace opsdeck
