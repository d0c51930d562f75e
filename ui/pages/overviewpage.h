#pragma once

#include "core/job.h"
#include "page.h"
#include "usecases/overviewusecase.h"

#include <QHash>
#include <QPushButton>

class QGridLayout;
class QLabel;
class QTimer;

namespace opsdeck {

class Session;

// One card of the Overview: a button (click or Enter opens its page) holding the card's labels.
class OverviewCardButton : public QPushButton
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewCardButton)
public:
    explicit OverviewCardButton(QWidget *parent = nullptr);
    void setCard(const OverviewCard &card, const QDateTime &now);
    const OverviewCard &card() const { return m_card; }
    QString valueText() const;
    QString footerText() const;

protected:
    void changeEvent(QEvent *event) override;  // a theme change recolours the card

private:
    void applyStyle();
    OverviewCard m_card;
    QDateTime m_now;
    bool m_styling = false;
    QLabel *m_title;
    QLabel *m_value;
    QLabel *m_detail;
    QLabel *m_footer;
};

// The console at a glance (OverviewUseCase): health and P95, what serves production, today's spend
// against the threshold, failed runs, open alerts, the last backup and the restore test, credentials
// due, today's checklist; each card with its data's age and source, the last good value kept when a
// provider is down, opening its page. Refreshed every 5 minutes while shown.
class OverviewPage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewPage)
public:
    OverviewPage(Session &session, OverviewUseCase &overview, QWidget *parent = nullptr);

    void refresh() override;
    OverviewCardButton *cardButton(const QString &id) const { return m_cards.value(id); }

Q_SIGNALS:
    void openPageRequested(const QString &pageId);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    Session &m_session;
    OverviewUseCase &m_use;
    QHash<QString, OverviewCardButton *> m_cards;
    QTimer *m_timer;
    JobScope m_load;
    bool m_loading = false;
};

} // namespace opsdeck
