#pragma once

#include <QAbstractItemModel>
#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace opsdeck::test {

// Runs the event loop until pred() is true or timeoutMs passes; returns pred().
bool waitUntil(const std::function<bool()> &pred, int timeoutMs = 10'000);

// Reads tests/fixtures/<relativePath>; fails the test if it is missing.
QByteArray fixture(const QString &relativePath);
QString fixturePath(const QString &relativePath);

// A temporary directory that also isolates XDG config/data/cache for the test process,
// so settings and the store never touch the developer's real files.
class IsolatedHome
{
public:
    IsolatedHome();
    ~IsolatedHome();
    QString path() const { return m_dir.path(); }
    QString configDir() const;
    QString dataDir() const;
    // Every regular file below the isolated home whose bytes contain needle.
    QStringList filesContaining(const QByteArray &needle) const;

private:
    QTemporaryDir m_dir;
    QByteArray m_oldConfig, m_oldData, m_oldCache, m_oldHome;
};

// Every regular file below dir whose bytes contain needle.
QStringList filesContaining(const QString &dir, const QByteArray &needle);

// Attaches QAbstractItemModelTester (fatal on violations) to model.
void checkModel(QAbstractItemModel *model);

QString cliPath();  // the built opsdeck-cli
QString guiPath();  // the built opsdeck

// Ten items of the built-in runbook (the daily list and three weekly ones): one per writer when many
// processes sign the checklist at once.
QStringList tenChecklistItems();

} // namespace opsdeck::test
