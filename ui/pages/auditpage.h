#pragma once

#include "page.h"

class QTableView;

namespace opsdeck {

class Session;
class AuditModel;

// The audit trail: every destructive or sensitive action, with a chain check.
class AuditPage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditPage)
public:
    explicit AuditPage(Session &context, QWidget *parent = nullptr);
    void refresh() override;
    void verifyChain();
    AuditModel *model() const { return m_model; }

private:
    Session &m_context;
    AuditModel *m_model;
    QTableView *m_view;
};

} // namespace opsdeck
