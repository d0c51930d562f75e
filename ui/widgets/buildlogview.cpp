#include "widgets/buildlogview.h"

#include "buildlogmodel.h"
#include "usecases/troubleshootusecase.h"
#include "widgets/tonedelegate.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QVBoxLayout>

#include <algorithm>

namespace opsdeck {

BuildLogView::BuildLogView(TroubleshootUseCase &troubleshoot, QWidget *parent)
    : QWidget(parent), m_troubleshoot(troubleshoot), m_model(new BuildLogModel(this)), m_filter(new BuildLogFilter(this)),
      m_view(new QListView(this)), m_search(new QLineEdit(this)), m_failingOnly(new QCheckBox(tr("Failing lines only"), this)),
      m_stop(new QPushButton(tr("Stop following"), this)), m_copy(new QPushButton(tr("Copy"), this)),
      m_save(new QPushButton(tr("Save…"), this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("buildLog"));
    m_filter->setSourceModel(m_model);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    m_search->setObjectName(QStringLiteral("buildLogSearch"));
    m_search->setPlaceholderText(tr("Search the log"));
    m_search->setClearButtonEnabled(true);
    m_failingOnly->setObjectName(QStringLiteral("buildLogFailingOnly"));
    m_stop->setObjectName(QStringLiteral("buildLogStop"));
    m_stop->setVisible(false);
    m_copy->setObjectName(QStringLiteral("buildLogCopy"));
    m_copy->setToolTip(tr("Copy the selected lines, or every line shown"));
    m_save->setObjectName(QStringLiteral("buildLogSave"));
    bar->addWidget(m_search, 1);
    bar->addWidget(m_failingOnly);
    bar->addWidget(m_stop);
    bar->addWidget(m_copy);
    bar->addWidget(m_save);
    layout->addLayout(bar);
    m_status->setObjectName(QStringLiteral("buildLogStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_view->setObjectName(QStringLiteral("buildLogView"));
    m_view->setModel(m_filter);
    m_view->setItemDelegate(new ToneDelegate(m_view));
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setUniformItemSizes(true);
    m_view->setWordWrap(false);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    layout->addWidget(m_view, 1);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setSearch(text);
        updateStatus();
    });
    connect(m_failingOnly, &QCheckBox::toggled, this, [this](bool on) {
        m_filter->setFailingOnly(on);
        updateStatus();
    });
    connect(m_stop, &QPushButton::clicked, this, &BuildLogView::stop);
    connect(m_copy, &QPushButton::clicked, this, &BuildLogView::copyToClipboard);
    connect(m_save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save the build log"), m_id + QStringLiteral("-build.log"),
                                                          tr("Log files (*.log *.txt)"));
        if (path.isEmpty())
            return;
        QString problem;
        if (!saveTo(path, &problem))
            m_status->setText(problem);
        else
            m_status->setText(tr("Saved to %1").arg(path));
    });
    // New lines while following keep the view at the bottom, unless the user scrolled up to read.
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, [this] {
        QScrollBar *bar = m_view->verticalScrollBar();
        if (m_following && bar->value() >= bar->maximum() - 2)
            m_view->scrollToBottom();
    });
    updateStatus();
}

void BuildLogView::showDeployment(const QString &id, const QString &state, bool reload)
{
    if (id == m_id && !reload && (m_loading || m_problem.isEmpty()))
        return;
    QObject *context = m_load.renew();
    m_id = id;
    m_model->clear();
    m_problem.clear();
    m_cutOff = false;
    m_unreadable = 0;
    if (id.isEmpty()) {
        m_loading = m_following = false;
        updateStatus();
        return;
    }
    m_loading = true;
    m_following = isStillBuilding(state);
    m_stop->setVisible(m_following);
    updateStatus();
    const bool failed = state == QLatin1String("ERROR");
    m_troubleshoot.buildLog(id, m_following, [this](const QList<BuildEvent> &events) {
        m_model->append(events);
        updateStatus();
    }, context)->onFinished(context, [this, failed](const Result<BuildLog> &log) {
        m_loading = m_following = false;
        m_stop->setVisible(false);
        if (!log) {
            m_problem = log.error().kind == ErrorKind::Cancelled ? QString() : log.error().message;
        } else {
            m_cutOff = log->cutOff;
            m_unreadable = log->unreadable;
        }
        updateStatus();
        // A failed build opens at its first failing line.
        if (failed) {
            const auto &events = m_model->events();
            const auto first = std::find_if(events.cbegin(), events.cend(), [](const BuildEvent &e) { return e.failing; });
            if (first != events.cend()) {
                const QModelIndex at = m_filter->mapFromSource(m_model->index(int(first - events.cbegin())));
                if (at.isValid()) {
                    m_view->scrollTo(at, QAbstractItemView::PositionAtCenter);
                    m_view->setCurrentIndex(at);
                }
            }
        }
        Q_EMIT loaded();
    });
}

void BuildLogView::stop()
{
    if (!m_following)
        return;
    m_load.clear();  // the stream is closed; the lines that came stay
    m_loading = m_following = false;
    m_stop->setVisible(false);
    m_problem.clear();
    updateStatus();
    m_status->setText(m_status->text() + QLatin1Char(' ') + tr("Stopped following; Refresh follows it again."));
}

QString BuildLogView::statusText() const
{
    return m_status->text();
}

void BuildLogView::updateStatus()
{
    QStringList parts;
    const int lines = int(m_model->events().size());
    const int failing = m_model->failingCount();
    if (!m_problem.isEmpty()) {
        parts << tr("The build log could not be read: %1").arg(m_problem);
    } else if (m_id.isEmpty()) {
        parts << tr("Select a deployment to read its build log.");
    } else {
        if (m_following)
            parts << tr("Following the build live…");
        else if (m_loading)
            parts << tr("Loading the build log…");
        else if (lines == 0)
            parts << tr("This deployment has no build output.");
        if (lines > 0)
            parts << (lines == 1 ? tr("1 line") : tr("%1 lines").arg(lines))
                  << (failing == 1 ? tr("1 failing line") : tr("%1 failing lines").arg(failing));
        if (m_filter->rowCount() != lines && lines > 0)
            parts << tr("%1 shown").arg(m_filter->rowCount());
        if (m_unreadable > 0)
            parts << (m_unreadable == 1 ? tr("1 line could not be read") : tr("%1 lines could not be read").arg(m_unreadable));
        if (m_cutOff)
            parts << tr("the log ended in the middle of a line");
    }
    m_status->setText(parts.join(QStringLiteral(" · ")));
    m_copy->setEnabled(lines > 0);
    m_save->setEnabled(lines > 0);
}

bool BuildLogView::saveTo(const QString &path, QString *problem) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text) || file.write(m_model->text().toUtf8()) < 0 || !file.commit()) {
        if (problem)
            *problem = tr("The log could not be saved to %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void BuildLogView::copyToClipboard() const
{
    QList<int> rows;
    const QModelIndexList selected = m_view->selectionModel()->selectedIndexes();
    for (const QModelIndex &i : selected)
        rows << m_filter->mapToSource(i).row();
    if (rows.isEmpty()) {
        if (m_filter->rowCount() == 0)
            return;
        for (int r = 0; r < m_filter->rowCount(); ++r)
            rows << m_filter->mapToSource(m_filter->index(r, 0)).row();
    }
    std::sort(rows.begin(), rows.end());
    QApplication::clipboard()->setText(m_model->text(rows));
}

} // namespace opsdeck
