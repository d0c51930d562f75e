#include "dialogs/typedconfirmdialog.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace opsdeck {

TypedConfirmDialog::TypedConfirmDialog(QWidget *parent)
    : QDialog(parent), m_content(new QVBoxLayout), m_prompt(new QLabel(this)), m_edit(new QLineEdit(this)),
      m_action(new QPushButton(tr("Confirm"), this)), m_cancel(new QPushButton(tr("Cancel"), this))
{
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_content, 1);
    m_prompt->setTextFormat(Qt::PlainText);
    m_prompt->setWordWrap(true);
    m_prompt->setObjectName(QStringLiteral("confirmPrompt"));
    m_edit->setObjectName(QStringLiteral("confirmEdit"));
    m_edit->setEnabled(false);
    // Users start typing without reading (GitLab issue 24401): nothing to paste, nothing to guess.
    m_edit->setContextMenuPolicy(Qt::NoContextMenu);
    layout->addWidget(m_prompt);
    layout->addWidget(m_edit);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_action->setObjectName(QStringLiteral("confirmButton"));
    for (QPushButton *b : {m_cancel, m_action}) {
        b->setAutoDefault(false);
        b->setDefault(false);
        buttons->addWidget(b);
    }
    layout->addLayout(buttons);
    m_action->setEnabled(false);
    connect(m_edit, &QLineEdit::textChanged, this, &TypedConfirmDialog::updateActionState);
    connect(m_action, &QPushButton::clicked, this, &TypedConfirmDialog::onAction);
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);
}

void TypedConfirmDialog::setExpectedText(const QString &text)
{
    m_expected = text;
    m_prompt->setText(text.isEmpty() ? QString() : tr("Type %1 to confirm (exactly, case-sensitive):").arg(text));
    m_edit->setPlaceholderText(text);
    rearm();
}

void TypedConfirmDialog::setActionText(const QString &text)
{
    m_action->setText(text);
    m_action->setMinimumWidth(m_action->fontMetrics().horizontalAdvance(text) + 32);
}

void TypedConfirmDialog::rearm()
{
    m_armed = !m_expected.isEmpty();
    m_edit->clear();
    m_edit->setEnabled(m_armed);
    m_edit->setReadOnly(false);
    updateActionState();
}

bool TypedConfirmDialog::isConfirmable() const
{
    return m_armed && !m_expected.isEmpty() && m_edit->text() == m_expected;
}

void TypedConfirmDialog::setConfirmationVisible(bool visible)
{
    m_prompt->setVisible(visible);
    m_edit->setVisible(visible);
}

void TypedConfirmDialog::updateActionState() { m_action->setEnabled(isConfirmable()); }

void TypedConfirmDialog::keyPressEvent(QKeyEvent *event)
{
    // Enter must never confirm (nor press any other button): only a deliberate click does.
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        event->accept();
        return;
    }
    QDialog::keyPressEvent(event);
}

void TypedConfirmDialog::onAction()
{
    if (!isConfirmable())
        return;
    // Disarm before anything else: a second click, a key repeat or a re-entrant event sees a
    // disabled, disarmed dialog.
    m_armed = false;
    m_action->setEnabled(false);
    m_edit->setReadOnly(true);
    Q_EMIT confirmed();
}

} // namespace opsdeck
