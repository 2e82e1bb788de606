import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as faceapi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import type { Point, RelativeBox } from './metrics.ts';

/**
 * Independent judges: the pretrained networks shipped inside @vladmandic/face-api (Tiny Face Detector,
 * 68-point landmarks, 128-d face descriptor, age/gender, expressions) on tfjs's wasm backend. They only
 * ever measure; nothing in training may use them.
 *
 * Every image is enlarged (bilinear) to JUDGE_SIZE, since our faces are 32–128 px and the judges were
 * trained on larger ones, and put on a grey canvas with a MARGIN on each side: CelebA-HQ crops fill the
 * frame, and the detector finds such faces far more reliably with some room around the head.
 */
export const JUDGE_SIZE = 256;
const MARGIN = JUDGE_SIZE / 4;
export const CANVAS_SIZE = JUDGE_SIZE + 2 * MARGIN;
/** A face counts as detected at this detector score (face-api's default for the Tiny Face Detector). */
export const DETECTION_THRESHOLD = 0.5;
/** The detector's input size; small, because the face fills most of the canvas. */
const DETECTOR_INPUT = 160;
/** Low, so that the best candidate's score is known even below DETECTION_THRESHOLD. */
const CANDIDATE_SCORE = 0.05;

const NODE_MODULES = path.resolve(import.meta.dirname, '..', '..', 'node_modules');
const WEIGHTS_DIR = path.join(NODE_MODULES, '@vladmandic', 'face-api', 'model');
const WASM_DIR = path.join(NODE_MODULES, '@tensorflow', 'tfjs-backend-wasm', 'dist');
const CANVAS_DIMS = { width: CANVAS_SIZE, height: CANVAS_SIZE };

export interface RgbaImage {
  width: number;
  height: number;
  /** RGBA bytes, row-major (what pngjs decodes to). */
  rgba: Uint8Array;
}

/** Where the face is. Coordinates are in the judges' canvas (CANVAS_SIZE pixels a side). */
export interface FaceGeometry {
  /** The best detector score, 0 when there is no candidate at all. */
  score: number;
  detected: boolean;
  /** The region the landmark net looked at: the detected face, or the fallback box when none was detected. */
  box: RelativeBox;
  /** 68 landmarks (iBUG 300-W order) in canvas pixels. */
  landmarks: Point[];
}

export type AttributeReading = 'happy' | 'maleProbability' | 'age';

/** An image and where its face is, for the judges that read an aligned face. */
export interface PlacedFace {
  image: RgbaImage;
  geometry: FaceGeometry;
}

export interface Judge {
  /** Detector, then landmarks in the best detection, or in `fallback` (relative to the canvas) when none passes. */
  locate(image: RgbaImage, fallback: RelativeBox): Promise<FaceGeometry>;
  /** The 128-d identity descriptors of the faces, each aligned by its geometry's landmarks; one batch. */
  describe(faces: readonly PlacedFace[]): Promise<number[][]>;
  /** One attribute judge's readings, one batch: P(happy) of the expression net, P(male) and age (years) of the age/gender net. */
  read(faces: readonly PlacedFace[], reading: AttributeReading): Promise<number[]>;
}

/**
 * Tensors are made through face-api's re-export of tfjs: at run time it is the same @tensorflow/tfjs module,
 * but its type declarations are face-api's own copy, which the nets' signatures expect.
 */
const ftf = faceapi.tf;
type Tensor3D = faceapi.tf.Tensor3D;

let networks: Promise<void> | undefined;

function loadNetworks(): Promise<void> {
  networks ??= (async () => {
    // false: emscripten reads the .wasm from disk itself; Node's fetch cannot open a file path.
    setWasmPaths(`${WASM_DIR}/`, false);
    await tf.setBackend('wasm');
    await tf.ready();
    await Promise.all([
      faceapi.nets.tinyFaceDetector.loadFromDisk(WEIGHTS_DIR),
      faceapi.nets.faceLandmark68Net.loadFromDisk(WEIGHTS_DIR),
      faceapi.nets.faceRecognitionNet.loadFromDisk(WEIGHTS_DIR),
      faceapi.nets.ageGenderNet.loadFromDisk(WEIGHTS_DIR),
      faceapi.nets.faceExpressionNet.loadFromDisk(WEIGHTS_DIR),
    ]);
  })();
  return networks;
}

function toCanvas(image: RgbaImage): Tensor3D {
  return ftf.tidy(() => {
    const rgba = ftf.tensor3d(image.rgba, [image.height, image.width, 4], 'float32');
    const rgb = ftf.slice(rgba, [0, 0, 0], [-1, -1, 3]);
    const enlarged = ftf.image.resizeBilinear(rgb, [JUDGE_SIZE, JUDGE_SIZE], false, true);
    return ftf.pad(enlarged, [[MARGIN, MARGIN], [MARGIN, MARGIN], [0, 0]], 128);
  });
}

/** Runs `work` on the canvas tensors of the images and frees them afterwards. */
async function onCanvases<T>(images: readonly RgbaImage[], work: (canvases: Tensor3D[]) => Promise<T>): Promise<T> {
  const canvases = images.map(toCanvas);
  try {
    return await work(canvases);
  } finally {
    for (const canvas of canvases) canvas.dispose();
  }
}

/** Runs `work` on one crop of each canvas (a batch) and frees the crops afterwards. */
async function onCrops<T>(canvases: readonly Tensor3D[], rects: readonly faceapi.Box[], work: (faces: Tensor3D[]) => Promise<T>): Promise<T> {
  const faces = await Promise.all(
    canvases.map(async (canvas, i) => {
      const [face] = await faceapi.extractFaceTensors(canvas, [rects[i]!]);
      if (!face) throw new Error('the face box lies outside the image');
      return face;
    }),
  );
  try {
    return await work(faces);
  } finally {
    for (const face of faces) face.dispose();
  }
}

function landmarksOf(geometry: FaceGeometry): faceapi.FaceLandmarks68 {
  const relative = geometry.landmarks.map(({ x, y }) => new faceapi.Point(x / CANVAS_SIZE, y / CANVAS_SIZE));
  return new faceapi.FaceLandmarks68(relative, CANVAS_DIMS);
}

/** face-api's nets are typed to answer a bare value or an array; an array input always gets an array of its length. */
function batch<T>(result: T | T[], size: number): T[] {
  const values = Array.isArray(result) ? result : [result];
  if (values.length !== size) throw new Error(`face-api answered ${values.length} of ${size} faces`);
  return values;
}

async function locate(canvas: Tensor3D, fallback: RelativeBox): Promise<FaceGeometry> {
  const candidates = await faceapi.detectAllFaces(
    canvas,
    new faceapi.TinyFaceDetectorOptions({ inputSize: DETECTOR_INPUT, scoreThreshold: CANDIDATE_SCORE }),
  );
  const best = candidates.reduce<faceapi.FaceDetection | undefined>(
    (top, candidate) => (!top || candidate.score > top.score ? candidate : top),
    undefined,
  );
  const score = best?.score ?? 0;
  const detected = score >= DETECTION_THRESHOLD;
  const box = detected && best ? best.relativeBox : fallback;
  const rect = new faceapi.Rect(box.x, box.y, box.width, box.height)
    .rescale(CANVAS_DIMS)
    .clipAtImageBorders(CANVAS_SIZE, CANVAS_SIZE);
  const [landmarks] = await onCrops([canvas], [rect], async (faces) =>
    batch(await faceapi.nets.faceLandmark68Net.detectLandmarks(faces), 1),
  );
  return {
    score,
    detected,
    box: { x: box.x, y: box.y, width: box.width, height: box.height },
    landmarks: (landmarks as faceapi.FaceLandmarks68).shiftBy(rect.x, rect.y).positions.map(({ x, y }) => ({ x, y })),
  };
}

export async function loadJudge(): Promise<Judge> {
  await loadNetworks();
  const images = (faces: readonly PlacedFace[]) => faces.map((face) => face.image);
  return {
    locate: (image, fallback) => onCanvases([image], ([canvas]) => locate(canvas!, fallback)),

    describe: (faces) =>
      onCanvases(images(faces), (canvases) =>
        // The dlib-style alignment is what face-api itself uses before its recognition net.
        onCrops(canvases, faces.map((face) => landmarksOf(face.geometry).align(null, { useDlibAlignment: true })), async (crops) =>
          batch(await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(crops), crops.length).map((d) => Array.from(d)),
        ),
      ),

    read: (faces, reading) =>
      onCanvases(images(faces), (canvases) =>
        onCrops(canvases, faces.map((face) => landmarksOf(face.geometry).align()), async (crops) => {
          if (reading === 'happy') {
            return batch(await faceapi.nets.faceExpressionNet.predictExpressions(crops), crops.length).map((e) => e.happy);
          }
          return batch(await faceapi.nets.ageGenderNet.predictAgeAndGender(crops), crops.length).map(({ gender, genderProbability, age }) =>
            reading === 'age' ? age : gender === 'male' ? genderProbability : 1 - genderProbability,
          );
        }),
      ),
  };
}
