#include "pages/checklistpage.h"

#include "usecases/checklistusecase.h"
#include "usecases/session.h"
#include "checklistmodel.h"
#include "core/clock.h"
#include "messagebar.h"
#include "store/auditlog.h"
#include "store/storeevents.h"
#include "providers/providersource.h"
#include "runbook/checklistservice.h"
#include "runbook/report.h"
#include "widgets/statusdelegate.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QMenu>
#include <QJsonArray>
#include <QJsonObject>
#include <QSysInfo>
#include <QShortcut>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace opsdeck {

ChecklistPage::ChecklistPage(Session &context, ChecklistUseCase &checklist, QWidget *parent)
    : Page(QStringLiteral("checklist"), tr("Checklist"), parent),
      m_context(context), m_checklist(checklist),
      m_service(checklist.makeService(this)),
      m_model(new ChecklistModel(this)), m_delegate(new StatusDelegate(ChecklistModel::CheckStatusRole, this)),
      m_view(new QTableView(this)), m_lists(new QComboBox(this)), m_history(new QComboBox(this)),
      m_progress(new QProgressBar(this)), m_summary(new QLabel(this)), m_detailTitle(new QLabel(this)),
      m_detailText(new QLabel(this)), m_manual(new QPlainTextEdit(this)), m_spinner(new QTimer(this))
{
    auto *bar = new QHBoxLayout;
    m_lists->setObjectName(QStringLiteral("checklistLists"));
    m_history->setObjectName(QStringLiteral("checklistHistory"));
    m_history->setToolTip(tr("Earlier days: open their record"));
    m_progress->setFormat(tr("%v of %m done"));
    m_progress->setMinimumWidth(180);
    m_refreshButton = addRefreshButton(tr("Run checks"));
    m_refreshButton->setObjectName(QStringLiteral("runChecks"));
    auto *exportButton = new QPushButton(tr("Export…"), this);
    m_signOffPassing = new QPushButton(tr("Sign off all passing"), this);
    m_signOffPassing->setObjectName(QStringLiteral("signOffPassing"));
    m_signOffPassing->setToolTip(tr("Mark every automated item that passed today as done (one audited action)"));
    m_signOffPassing->setEnabled(false);
    bar->addWidget(m_lists);
    bar->addWidget(m_history);
    bar->addWidget(m_progress);
    bar->addStretch();
    addHeaderWidget(exportButton);
    addHeaderWidget(m_signOffPassing);
    contentLayout()->addLayout(bar);
    m_summary->setTextFormat(Qt::PlainText);
    contentLayout()->addWidget(m_summary);

    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(ChecklistModel::Status, m_delegate);
    m_view->verticalHeader()->hide();
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setWordWrap(true);
    m_view->horizontalHeader()->setSectionResizeMode(ChecklistModel::Evidence, QHeaderView::Stretch);
    m_view->setColumnWidth(ChecklistModel::Status, 110);
    m_view->setColumnWidth(ChecklistModel::Item, 290);
    m_view->setColumnWidth(ChecklistModel::SignOff, 190);
    m_view->verticalHeader()->setDefaultSectionSize(40);
    m_view->setToolTip(tr("Space ticks the selected item; J and K move down and up"));
    // The keyboard flow: J / K move, Space ticks or unticks the current item.
    const auto move = [this](int by) {
        const int rows = m_model->rowCount();
        if (rows == 0)
            return;
        const int row = std::clamp(m_view->currentIndex().isValid() ? m_view->currentIndex().row() + by : 0, 0, rows - 1);
        m_view->setCurrentIndex(m_model->index(row, ChecklistModel::Item));
    };
    auto *down = new QShortcut(QKeySequence(Qt::Key_J), m_view, nullptr, nullptr, Qt::WidgetShortcut);
    connect(down, &QShortcut::activated, this, [move] { move(1); });
    auto *up = new QShortcut(QKeySequence(Qt::Key_K), m_view, nullptr, nullptr, Qt::WidgetShortcut);
    connect(up, &QShortcut::activated, this, [move] { move(-1); });
    auto *space = new QShortcut(QKeySequence(Qt::Key_Space), m_view, nullptr, nullptr, Qt::WidgetShortcut);
    connect(space, &QShortcut::activated, this, [this] {
        const QString id = selectedItemId();
        if (!id.isEmpty() && m_tickButton->isEnabled())
            tick(id, m_model->tick(id).state == TickState::Open);
    });

    auto *detail = new QWidget(this);
    auto *dl = new QVBoxLayout(detail);
    m_detailTitle->setTextFormat(Qt::PlainText);
    m_detailTitle->setWordWrap(true);
    QFont bold = m_detailTitle->font();
    bold.setBold(true);
    m_detailTitle->setFont(bold);
    m_detailText->setTextFormat(Qt::PlainText);
    m_detailText->setWordWrap(true);
    m_manual->setReadOnly(true);
    m_manual->setMaximumHeight(110);
    m_manual->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_manual->setToolTip(tr("The runbook's manual equivalent"));
    m_tickButton = new QPushButton(tr("Mark done"), detail);
    m_tickButton->setObjectName(QStringLiteral("tickItem"));
    m_noteButton = new QPushButton(tr("Add note…"), detail);
    m_ackButton = new QPushButton(tr("Acknowledge failure…"), detail);
    m_openButton = new QPushButton(tr("Open page"), detail);
    dl->addWidget(m_detailTitle);
    dl->addWidget(m_detailText);
    dl->addWidget(new QLabel(tr("Manual equivalent:"), detail));
    dl->addWidget(m_manual);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_tickButton);
    buttons->addWidget(m_noteButton);
    buttons->addWidget(m_ackButton);
    buttons->addWidget(m_openButton);
    buttons->addStretch();
    dl->addLayout(buttons);
    dl->addStretch();
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    contentLayout()->addWidget(split, 1);

    m_spinner->setInterval(80);
    connect(m_spinner, &QTimer::timeout, this, [this] {
        m_delegate->advance();
        m_view->viewport()->update();
    });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the day's record"),
                                                          QStringLiteral("opsdeck-%1.md").arg(m_date.toString(Qt::ISODate)),
                                                          tr("Markdown (*.md);;HTML (*.html)"));
        if (!path.isEmpty())
            exportReport(path);
    });
    connect(m_lists, &QComboBox::activated, this, [this] { loadDay(); });
    connect(m_history, &QComboBox::activated, this, [this](int i) { showDate(m_history->itemData(i).toDate()); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ChecklistPage::updateDetail);
    connect(m_model, &ChecklistModel::tickToggled, this, [this](const QString &id, bool done) { tick(id, done); });
    connect(m_signOffPassing, &QPushButton::clicked, this, &ChecklistPage::signOffPassing);
    // A sign-off by someone else on the shared store shows here as it commits, with who did it.
    connect(&m_context.storeEvents(), &StoreEvents::checklistChanged, this, [this](const QJsonObject &change) {
        if (change.value(QLatin1String("date")).toString() != m_date.toString(Qt::ISODate))
            return;
        reloadTicks();
        const QString actor = change.value(QLatin1String("actor")).toString();
        const QString host = change.value(QLatin1String("host")).toString();
        if (host == QSysInfo::machineHostName()
            && change.value(QLatin1String("pid")).toInteger() == QCoreApplication::applicationPid())
            return;  // made here, by this window: nothing new to tell
        const QString state = change.value(QLatin1String("state")).toString();
        messageBar()->showMessage(tr("%1 was %2 by %3 on %4.")
                                      .arg(change.value(QLatin1String("item")).toString(),
                                           state == QLatin1String("done") ? tr("signed off")
                                           : state == QLatin1String("acknowledged") ? tr("acknowledged")
                                                                                    : tr("opened again"),
                                           actor, host),
                                  MessageBar::Severity::Info);
    });
    connect(m_tickButton, &QPushButton::clicked, this, [this] {
        const QString id = selectedItemId();
        if (!id.isEmpty())
            tick(id, m_model->tick(id).state == TickState::Open);
    });
    connect(m_noteButton, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString note = QInputDialog::getText(this, tr("Note"), tr("Note for this item:"), QLineEdit::Normal, {}, &ok);
        if (ok && !note.trimmed().isEmpty())
            addNote(selectedItemId(), note.trimmed());
    });
    connect(m_ackButton, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString reason = QInputDialog::getText(this, tr("Acknowledge failure"),
                                                     tr("Why is this failure acceptable today?"), QLineEdit::Normal, {}, &ok);
        if (ok)
            acknowledge(selectedItemId(), reason);
    });
    connect(m_openButton, &QPushButton::clicked, this, [this] {
        const RunbookItem *item = m_model->item(m_view->currentIndex().row());
        if (!item)
            return;
        // The quick-fixes item offers the runbook's three fixes as guided actions.
        if (item->id == QLatin1String("daily.quick-fixes")) {
            auto *menu = new QMenu(this);
            menu->setObjectName(QStringLiteral("quickFixMenu"));
            menu->setAttribute(Qt::WA_DeleteOnClose);
            for (const auto &[id, label] : quickFixChoices())
                menu->addAction(label, this, [this, id = id] { Q_EMIT quickFixRequested(id); })->setObjectName(id);
            menu->popup(m_openButton->mapToGlobal(QPoint(0, m_openButton->height())));
            return;
        }
        if (!item->page.isEmpty())
            Q_EMIT openPageRequested(item->page);
    });
    connect(m_service, &ChecklistService::itemStarted, this, [this](const QString &id) { m_model->setRunning(id); });
    connect(m_service, &ChecklistService::itemFinished, this, [this](const CheckResult &r) {
        m_model->setResult(r);
        updateDetail();
        updateProgress();
    });
    connect(m_service, &ChecklistService::storeError, this,
            [this](const QString &m) { messageBar()->showMessage(m, MessageBar::Severity::Error); });
    connect(m_service, &ChecklistService::finished, this, [this] {
        m_spinner->stop();
        m_refreshButton->setEnabled(true);
        updateProgress();
        markUpdated();
        setReady(true);
        Q_EMIT checksFinished();
    });
    // Another profile may have its own runbook file: reload it, then check again.
    connect(&m_context, &Session::profileChanged, this, [this] {
        if (m_context.profile().runbookFile != m_runbookFile && !loadRunbookFile())
            return;
        refresh();
    });

    if (!loadRunbookFile())
        return;
    // Automated items start on open.
    QTimer::singleShot(0, this, &ChecklistPage::runChecks);
}

bool ChecklistPage::loadRunbookFile()
{
    m_runbookFile = m_context.profile().runbookFile;
    auto runbook = m_checklist.runbook();
    if (!runbook) {
        m_runbook.reset();
        m_lists->clear();
        m_model->setList(RunbookList{}, DayRecord{});
        messageBar()->showMessage(runbook.error().message, MessageBar::Severity::Error);
        return false;
    }
    m_runbook = runbook.value();
    m_date = m_service->today();
    fillListCombo();
    loadDay();
    return true;
}

ChecklistPage::~ChecklistPage() = default;

QList<std::pair<QString, QString>> ChecklistPage::quickFixChoices()
{
    return {{QStringLiteral("error-rate"), tr("Error rate high: recent deployments and a rollback preview")},
            {QStringLiteral("slow-responses"), tr("Responses slow: slow statements and a suggested index")},
            {QStringLiteral("deployment-failed"), tr("Deployment failed: its build log and the environment diff")}};
}

void ChecklistPage::fillListCombo()
{
    m_lists->clear();
    int select = 0;
    QStringList alsoDue;
    for (const RunbookList &l : m_runbook->lists) {
        const QStringList ids = [&l] {
            QStringList out;
            for (const RunbookItem &i : l.items)
                out << i.id;
            return out;
        }();
        const QDate last = m_service->records().lastCompleted(ids).valueOr(QDate());
        const ListDue due = listDue(l, m_date, last);
        QString label = l.title;
        if (due.dueToday)
            label += tr(" — due today");
        if ((due.dueToday || due.overdue) && l.cadence != Cadence::Daily)
            alsoDue << l.title;
        else if (due.overdue)
            label += tr(" — overdue since %1").arg(due.dueDate.toString(Qt::ISODate));
        else
            label += tr(" — next %1").arg(l.cadence == Cadence::Daily ? tr("tomorrow") : tr("on its day"));
        m_lists->addItem(label, l.id);
    }
    m_lists->setCurrentIndex(select);
    // The morning checklist stays the start page; a weekly or monthly list that is due says so.
    if (!alsoDue.isEmpty())
        messageBar()->showMessage(tr("Also due today: %1. Choose it in the list above.").arg(alsoDue.join(QStringLiteral(", "))),
                                  MessageBar::Severity::Info);
    m_history->clear();
    m_history->addItem(tr("Today (%1)").arg(m_date.toString(Qt::ISODate)), m_date);
    for (const QDate &d : m_service->records().history(60).valueOr({}))
        if (d != m_date)
            m_history->addItem(d.toString(Qt::ISODate), d);
}

QString ChecklistPage::currentListId() const { return m_lists->currentData().toString(); }

void ChecklistPage::showList(const QString &listId)
{
    const int i = m_lists->findData(listId);
    if (i >= 0) {
        m_lists->setCurrentIndex(i);
        loadDay();
    }
}

void ChecklistPage::showDate(const QDate &date)
{
    if (!date.isValid())
        return;
    const int i = m_history->findData(date);
    if (i >= 0)
        m_history->setCurrentIndex(i);
    loadDay();
}

void ChecklistPage::loadDay()
{
    if (!m_runbook)
        return;
    const RunbookList *list = m_runbook->list(currentListId());
    if (!list)
        return;
    const QDate date = m_history->currentData().toDate().isValid() ? m_history->currentData().toDate() : m_date;
    auto record = m_service->records().day(date);
    if (!record) {
        messageBar()->showMessage(record.error().toString(), MessageBar::Severity::Error);
        return;
    }
    const bool today = date == m_date;
    m_model->setReadOnly(!today);
    m_model->setList(*list, record.value());
    m_refreshButton->setEnabled(today && !m_service->runner().isRunning());
    m_summary->setText(today ? tr("%1 · %2 · %3 items, about %4 minutes")
                                   .arg(list->title, date.toString(Qt::ISODate))
                                   .arg(list->items.size())
                                   .arg(list->estimateMinutes)
                             : tr("Record of %1 (read-only)").arg(date.toString(Qt::ISODate)));
    updateProgress();
    if (m_model->rowCount() > 0)
        m_view->selectRow(0);
    updateDetail();
}

void ChecklistPage::reloadTicks()
{
    auto record = m_service->records().day(m_date);
    if (!record)
        return messageBar()->showMessage(record.error().toString(), MessageBar::Severity::Error);
    for (auto it = record->ticks.cbegin(); it != record->ticks.cend(); ++it) {
        Tick t = it.value();
        t.itemId = it.key();
        m_model->setTick(t);
    }
    updateProgress();
    updateDetail();
}

void ChecklistPage::runChecks()
{
    if (!m_runbook || m_service->runner().isRunning())
        return;
    if (m_history->currentData().toDate() != m_date) {
        m_history->setCurrentIndex(0);
        loadDay();
    }
    setReady(false);
    m_refreshButton->setEnabled(false);
    m_spinner->start();
    messageBar()->clear();
    m_service->run(*m_runbook, currentListId(), m_context.profile());
    if (!m_service->runner().isRunning()) {  // a list without automated items
        m_spinner->stop();
        m_refreshButton->setEnabled(true);
        setReady(true);
    }
}

void ChecklistPage::refresh() { runChecks(); }

QString ChecklistPage::selectedItemId() const
{
    const RunbookItem *item = m_model->item(m_view->currentIndex().row());
    return item ? item->id : QString();
}

bool ChecklistPage::applyTick(const QString &itemId, int state, const QString &note)
{
    if (!m_runbook)
        return false;
    const Tick current = m_model->tick(itemId);
    auto t = m_checklist.setTick(*m_runbook, m_date, itemId, static_cast<TickState>(state), note, current.version);
    if (!t) {
        // Changed meanwhile by someone else: show their change, and say ours was not made.
        if (t.error().kind == ErrorKind::Conflict)
            reloadTicks();
        messageBar()->showMessage(t.error().message, MessageBar::Severity::Error);
        return false;
    }
    m_model->setTick(t.value());
    updateProgress();
    updateDetail();
    return true;
}

bool ChecklistPage::tick(const QString &itemId, bool done)
{
    return applyTick(itemId, int(done ? TickState::Done : TickState::Open), m_model->tick(itemId).note);
}

bool ChecklistPage::addNote(const QString &itemId, const QString &note)
{
    return applyTick(itemId, int(m_model->tick(itemId).state), note);
}

bool ChecklistPage::acknowledge(const QString &itemId, const QString &reason)
{
    return applyTick(itemId, int(TickState::Acknowledged), reason);
}

bool ChecklistPage::exportReport(const QString &path)
{
    if (!m_runbook)
        return false;
    const QDate date = m_history->currentData().toDate().isValid() ? m_history->currentData().toDate() : m_date;
    const auto report = m_checklist.dayReport(*m_runbook, date, ChecklistUseCase::formatForPath(path));
    if (!report) {
        messageBar()->showMessage(report.error().toString(), MessageBar::Severity::Error);
        return false;
    }
    const QString &text = report.value();
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text.toUtf8()) < 0 || !f.flush()) {
        messageBar()->showMessage(tr("Could not write %1: %2").arg(path, f.errorString()), MessageBar::Severity::Error);
        return false;
    }
    messageBar()->showMessage(tr("Exported to %1").arg(path), MessageBar::Severity::Success);
    return true;
}

void ChecklistPage::updateProgress()
{
    m_progress->setMaximum(std::max(1, m_model->totalCount()));
    m_progress->setValue(m_model->doneCount());
    m_progress->setFormat(progressText());
    m_progress->setMinimumWidth(m_progress->fontMetrics().horizontalAdvance(progressText()) + 40);
    const bool today = m_history->currentData().toDate() == m_date;
    m_signOffPassing->setEnabled(today && !passingOpenItems().isEmpty());
    if (today) {
        const int done = m_model->doneCount();
        const int total = m_model->totalCount();
        setBadge(total > 0 ? QStringLiteral("%1/%2").arg(done).arg(total) : QString(),
                 done == total ? Tone::Good : Tone::Neutral);
    }
    int failing = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const RunbookItem *item = m_model->item(row);
        const CheckStatus st = item && item->kind == ItemKind::Check ? m_model->result(item->id).status : CheckStatus::NoData;
        failing += st == CheckStatus::Fail || st == CheckStatus::Error;
    }
    if (m_model->totalCount() > 0 && m_model->doneCount() == m_model->totalCount())
        setStatus(Tone::Good, tr("Signed off"));
    else if (failing > 0)
        setStatus(Tone::Bad, tr("%n failing", nullptr, failing));
    else
        setStatus(Tone::Neutral, tr("%n open", nullptr, m_model->totalCount() - m_model->doneCount()));
}

QString ChecklistPage::progressText() const
{
    int fail = 0, warn = 0, pass = 0, manual = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const RunbookItem *item = m_model->item(row);
        if (!item)
            continue;
        if (item->kind != ItemKind::Check) {
            ++manual;
            continue;
        }
        switch (m_model->result(item->id).status) {
        case CheckStatus::Fail:
        case CheckStatus::Error:
            ++fail;
            break;
        case CheckStatus::Warn:
        case CheckStatus::NoData:
            ++warn;
            break;
        case CheckStatus::Pass:
            ++pass;
            break;
        default:
            break;
        }
    }
    QStringList parts{tr("%1 of %2 signed off").arg(m_model->doneCount()).arg(m_model->totalCount())};
    if (fail)
        parts << tr("%1 fail").arg(fail);
    if (warn)
        parts << tr("%1 warn").arg(warn);
    if (pass)
        parts << tr("%1 pass").arg(pass);
    if (manual)
        parts << tr("%1 manual").arg(manual);
    return parts.join(QStringLiteral(" · "));
}

QStringList ChecklistPage::passingOpenItems() const
{
    QStringList ids;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const RunbookItem *item = m_model->item(row);
        if (item && item->kind == ItemKind::Check && m_model->result(item->id).status == CheckStatus::Pass
            && m_model->tick(item->id).state == TickState::Open)
            ids << item->id;
    }
    return ids;
}

QStringList ChecklistPage::signOffPassing()
{
    if (!m_runbook || m_history->currentData().toDate() != m_date)
        return {};
    QHash<QString, int> versions;  // what this page shows: a change made elsewhere meanwhile is refused
    for (const QString &id : passingOpenItems())
        versions.insert(id, m_model->tick(id).version);
    if (versions.isEmpty())
        return {};
    auto signedOff = m_checklist.signOffPassing(*m_runbook, m_date, versions);
    reloadTicks();
    if (!signedOff) {
        messageBar()->showMessage(signedOff.error().message, MessageBar::Severity::Error);
        return {};
    }
    const qsizetype n = signedOff->size();
    messageBar()->showMessage(n == 1 ? tr("Signed off 1 passing item.") : tr("Signed off %1 passing items.").arg(n),
                              MessageBar::Severity::Success);
    return signedOff.value();
}

void ChecklistPage::updateDetail()
{
    const RunbookItem *item = m_model->item(m_view->currentIndex().row());
    const bool editable = item && m_history->currentData().toDate() == m_date;
    for (QPushButton *b : {m_tickButton, m_noteButton, m_ackButton})
        b->setEnabled(editable);
    m_openButton->setEnabled(item && !item->page.isEmpty());
    const bool quickFixes = item && item->id == QLatin1String("daily.quick-fixes");
    m_openButton->setText(quickFixes ? tr("Quick fixes…") : tr("Open page"));
    if (!item) {
        m_detailTitle->clear();
        m_detailText->clear();
        m_manual->clear();
        return;
    }
    const CheckResult r = m_model->result(item->id);
    const Tick t = m_model->tick(item->id);
    m_detailTitle->setText(item->title);
    QString text = item->explanation;
    if (item->kind == ItemKind::Check && isFinal(r.status))
        text += tr("\n\nEvidence (%1, %2): %3").arg(checkStatusName(r.status), r.at.toLocalTime().toString(QStringLiteral("HH:mm:ss")), r.evidence);
    if (!t.note.isEmpty())
        text += tr("\nNote: %1").arg(t.note);
    m_detailText->setText(text);
    m_manual->setPlainText(item->manual);
    m_tickButton->setText(t.state == TickState::Open ? tr("Mark done") : tr("Mark not done"));
    m_ackButton->setEnabled(editable && (r.status == CheckStatus::Fail || r.status == CheckStatus::Error));
}

} // namespace opsdeck
