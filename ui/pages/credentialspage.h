#pragma once

#include "page.h"

class QTableWidget;

namespace opsdeck {

class AppContext;

// Credentials of the active profile: where each is stored (keychain or environment), age and
// rotation due date. Values are never shown.
class CredentialsPage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialsPage)
public:
    explicit CredentialsPage(AppContext &context, QWidget *parent = nullptr);
    void refresh() override;
    // Stores value for credential name (asks before replacing an existing one).
    void storeCredential(const QString &name, const QByteArray &value);

private:
    void setSelected();
    void deleteSelected();
    QString profileKey() const;
    QString selectedName() const;

    AppContext &m_context;
    QTableWidget *m_table;
    int m_pending = 0;
};

} // namespace opsdeck
