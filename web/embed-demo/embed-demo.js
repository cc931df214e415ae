// The demo host's own script: follows the modules' documented events and lists them.
const log = document.getElementById('event-log');
const EVENTS = ['lrlab-recommendation', 'lrlab-card-graded', 'lrlab-exercise-completed', 'lrlab-activity', 'lrlab-range-result'];

function describe(type, detail) {
  switch (type) {
    case 'lrlab-recommendation':
      return `largest stable α ${detail.alpha ?? 'none'} (${detail.diagnosis ?? '—'}), scaling ${detail.settings.scaling}`;
    case 'lrlab-card-graded':
      return `card ${detail.card} (${detail.concept}) graded ${detail.grade}`;
    case 'lrlab-exercise-completed':
      return `${detail.exercise}: ${detail.correct ? 'correct' : 'not correct'}`;
    case 'lrlab-range-result':
      return `valley ${detail.valley.toPrecision(3)}, steepest ${detail.steepest.toPrecision(3)}, minimum ÷ 10 ${detail.minimumOver10.toPrecision(3)}`;
    default:
      return `concept ${detail.concept ?? '—'}${detail.step ? `, step ${detail.step}` : ''}`;
  }
}

for (const type of EVENTS) {
  document.addEventListener(type, (event) => {
    const item = document.createElement('li');
    const source = event.target.id || event.target.localName;
    item.textContent = `${type} from #${source}: ${describe(type, event.detail)}`;
    item.dataset.type = type;
    item.dataset.source = source;
    log.prepend(item);
  });
}
