#pragma once

#include "core/job.h"
#include "page.h"

class QTableWidget;

namespace opsdeck {

class CredentialsUseCase;
class Session;

// Credentials of the active profile: where each is stored (keychain or environment), age and
// rotation due date. Values are never shown.
class CredentialsPage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialsPage)
public:
    CredentialsPage(Session &context, CredentialsUseCase &credentials, QWidget *parent = nullptr);
    void refresh() override;
    // Stores value for credential name (asks before replacing an existing one).
    void storeCredential(const QString &name, const QByteArray &value);
    // Deletes credential name after the user confirmed it.
    void deleteCredential(const QString &name);

private:
    void setSelected();
    void deleteSelected();
    QString selectedName() const;

    Session &m_context;
    CredentialsUseCase &m_credentials;
    QTableWidget *m_table;
    JobScope m_load;
};

} // namespace opsdeck
